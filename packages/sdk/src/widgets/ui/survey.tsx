/** @jsxImportSource preact */
/**
 * One survey, start to end: the question and its scale (with "Ask me later"), then the optional follow-up,
 * then thanks. A score is an answer: closing at the follow-up still sends it, without a comment.
 */
import type { TSurveyPayload } from "@uptake/schema";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { CsatScale } from "../csat";
import { langOf, type Strings } from "../i18n";
import { NpsScale, npsFollowUp } from "../nps";
import { Check, Close } from "./icons";

export type SurveyProps = {
  s: TSurveyPayload;
  t: Strings;
  locale?: string;
  autoFocus: boolean;
  onAnswer(score: number, comment?: string): void;
  onDismiss(snooze: boolean): void;
  onClose(): void;
};

const THANKS_MS = 2500;

/** Keeps Tab inside a modal card. */
function trap(e: KeyboardEvent, card: HTMLElement | null) {
  if (e.key !== "Tab" || !card) return;
  const all = [...card.querySelectorAll<HTMLElement>("button:not([tabindex='-1']),textarea,a[href]")];
  const root = card.getRootNode() as ShadowRoot;
  const at = all.indexOf(root.activeElement as HTMLElement);
  const to = e.shiftKey ? (at <= 0 ? all.length - 1 : -1) : at === all.length - 1 ? 0 : -1;
  if (to >= 0) {
    e.preventDefault();
    all[to]?.focus();
  }
}

export function Survey({ s, t, locale, autoFocus, onAnswer, onDismiss, onClose }: SurveyProps) {
  const [score, setScore] = useState<number | null>(null);
  const [step, setStep] = useState<"ask" | "follow" | "thanks">("ask");
  const [comment, setComment] = useState("");
  const card = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const qid = `uw-q-${s.id}`;
  const modal = s.placement === "center";

  // Layout effect: focus moves before the next key press is read, so fast typing loses no letter.
  useLayoutEffect(() => {
    if (step === "follow") box.current?.focus();
    if (step === "thanks") {
      card.current?.querySelector<HTMLElement>(".x")?.focus();
      const timer = setTimeout(onClose, THANKS_MS);
      return () => clearTimeout(timer);
    }
  }, [step]);

  const pick = (n: number) => {
    if (score != null) return;
    setScore(n);
    setStep("follow");
  };
  const finish = (withComment: boolean) => {
    const text = comment.trim();
    onAnswer(score as number, withComment && text ? text : undefined);
    setStep("thanks");
  };
  const close = () => (step === "ask" ? onDismiss(false) : step === "follow" ? (finish(false), onClose()) : onClose());

  function onKey(e: KeyboardEvent) {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (modal) trap(e, card.current);
  }

  const scaleProps = { s, t, labelledBy: qid, autoFocus, onPick: pick };
  const question = step === "follow" ? (s.kind === "nps" ? npsFollowUp(s, score as number, t) : s.followUp as string || t.csatFollowUp) : s.question;
  return (
    <div class={`uw ${s.placement}`} lang={langOf(locale)}>
      <div
        ref={card}
        class="card pop"
        role="dialog"
        aria-modal={modal ? "true" : undefined}
        aria-labelledby={qid}
        onKeyDown={onKey}
      >
        <button type="button" class="x" aria-label={t.close} onClick={close}>
          <Close />
        </button>
        {step === "thanks" ? (
          <p class="thanks" id={qid} role="status">
            <Check />
            {s.thankYou || t.thanks}
          </p>
        ) : (
          <h2 id={qid}>{question}</h2>
        )}
        {step === "ask" && (s.kind === "nps" ? <NpsScale {...scaleProps} /> : <CsatScale {...scaleProps} />)}
        {step === "ask" && (
          <div class="row">
            <button type="button" class="ghost" onClick={() => onDismiss(true)}>
              {t.later}
            </button>
          </div>
        )}
        {step === "follow" && (
          <div>
            <textarea
              ref={box}
              aria-labelledby={qid}
              placeholder={t.placeholder}
              maxLength={2000}
              value={comment}
              onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            />
            <div class="row">
              <button type="button" class="ghost" onClick={() => finish(false)}>
                {t.skip}
              </button>
              <button type="button" class="btn" onClick={() => finish(true)}>
                {t.send}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
