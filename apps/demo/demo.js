// The demo app's own code: a fake SaaS that calls the Uptake SDK the way a vendor's app would.
(function () {
  var loginView = document.getElementById("login-view");
  var appView = document.getElementById("app-view");
  var status = document.getElementById("status");

  function show(user) {
    loginView.hidden = !!user;
    appView.hidden = !user;
    document.getElementById("who").textContent = user ? user.email + " · " + user.company : "";
  }

  var saved = sessionStorage.getItem("demo-user");
  show(saved && JSON.parse(saved));

  document.getElementById("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var email = document.getElementById("email").value.trim();
    var company = document.getElementById("company").value.trim();
    var plan = document.getElementById("plan").value;
    var accountId = company.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    uptake.identify(email, { email: email, plan: plan });
    uptake.group(accountId, { name: company, plan: plan });
    var user = { email: email, company: company };
    sessionStorage.setItem("demo-user", JSON.stringify(user));
    show(user);
  });

  document.querySelectorAll("[data-feature]").forEach(function (button) {
    button.addEventListener("click", function () {
      uptake.feature(button.getAttribute("data-feature"));
      status.textContent = button.textContent + " — done.";
    });
  });

  document.getElementById("feedback").addEventListener("click", function () {
    uptake.showSurvey(this.getAttribute("data-survey"));
  });
  document.getElementById("onboarding").addEventListener("click", function () {
    uptake.showChecklist();
  });
  document.getElementById("logout").addEventListener("click", function () {
    uptake.track("Signed Out");
    uptake.reset();
    sessionStorage.removeItem("demo-user");
    show(null);
  });

  // A single-page app: links change the URL with pushState, which the SDK records as page views.
  document.querySelectorAll("[data-nav]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      history.pushState({}, "", link.getAttribute("href"));
      document.getElementById("page-name").textContent = link.textContent;
    });
  });
})();
