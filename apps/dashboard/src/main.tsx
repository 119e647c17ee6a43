/** The entry: styles, then the app into #app, with the browser's localStorage for the secret key. */
import { render } from "preact";
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { App } from "./App.tsx";

render(<App storage={localStorage} />, document.getElementById("app")!);
