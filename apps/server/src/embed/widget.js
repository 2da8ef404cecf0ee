// Frontdesk intake widget: <script src="{base}/assets/widget-<hash>.js" data-org="acme"
// data-form="contact" [data-lang="fr"]></script> renders the form into a shadow root right
// after the script tag, solves the security check (ALTCHA proof of work) and sends the
// case to the public JSON API with an Idempotency-Key. No cookie is read or written
// (every request is credentials: "omit"), and no token ever reaches the page: the link to
// the case goes to the submitter's mailbox.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var base = new URL(script.src).origin;
  var org = script.getAttribute("data-org") || "";
  var formSlug = script.getAttribute("data-form") || "";
  var lang = script.getAttribute("data-lang") || (navigator.language || "en").slice(0, 2);
  // Said when the form — and with it the page's texts from the catalogs — could not be
  // loaded, so it is here in each language Frontdesk speaks.
  var UNAVAILABLE = {
    en: "This form is not available here.",
    fr: "Ce formulaire n’est pas disponible ici.",
  };
  var api = base + "/api/v1/public/orgs/" + encodeURIComponent(org);

  var host = document.createElement("div");
  host.className = "frontdesk-widget";
  host.setAttribute("data-frontdesk-org", org);
  host.setAttribute("data-frontdesk-form", formSlug);
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });

  var CSS =
    ":host{all:initial;display:block;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933}" +
    "*{box-sizing:border-box}form{display:grid;gap:.9rem;max-width:40rem}" +
    "fieldset{border:1px solid #cbd2d9;border-radius:.4rem;padding:.8rem;margin:0;display:grid;gap:.8rem}" +
    "legend{font-weight:600;padding:0 .3rem}label{display:block;font-weight:600;margin-bottom:.25rem}" +
    "input,textarea,select{font:inherit;width:100%;padding:.5rem;border:1px solid #7b8794;border-radius:.3rem;background:#fff;color:inherit}" +
    "textarea{min-height:8rem}[aria-invalid=true]{border-color:#b3261e;border-width:2px}" +
    ".error{color:#b3261e;display:block;margin-top:.25rem}.hint{color:#52606d;font-weight:400}" +
    "button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#1d4ed8;color:#fff;cursor:pointer;justify-self:start}" +
    "button[disabled]{opacity:.6;cursor:progress}.alert{padding:.6rem;border-radius:.3rem;background:#fdecea;color:#8a1c14}" +
    ".status{color:#52606d}h2{font-size:1.3rem;margin:0 0 .4rem}";
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function") {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      addStyle();
    }
  } else {
    addStyle();
  }
  function addStyle() {
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  function el(name, attributes, text) {
    var node = document.createElement(name);
    for (var key in attributes || {}) {
      if (attributes[key] !== null && attributes[key] !== undefined && attributes[key] !== false) {
        node.setAttribute(key, attributes[key] === true ? "" : attributes[key]);
      }
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  var container = el("div", { class: "frontdesk" });
  root.appendChild(container);

  fetch(api + "/forms/" + encodeURIComponent(formSlug) + "?lang=" + encodeURIComponent(lang), {
    credentials: "omit",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("form " + response.status);
      }
      return response.json();
    })
    .then(render)
    .catch(function () {
      container.textContent = "";
      container.appendChild(
        el("p", { class: "alert", role: "alert" }, UNAVAILABLE[lang] || UNAVAILABLE.en)
      );
    });

  function render(description) {
    var texts = description.texts;
    var prefix = "fd-" + Math.random().toString(36).slice(2, 8) + "-";
    var idempotencyKey = null;
    container.textContent = "";
    container.setAttribute("lang", description.language);
    container.appendChild(el("h2", {}, description.title));
    var general = el("p", { class: "alert", role: "alert", hidden: true });
    container.appendChild(general);
    var form = el("form", { novalidate: true });
    var inputs = {};
    var errors = {};
    var fieldset = null;
    var section;
    description.fields.forEach(function (field) {
      if (!fieldset || field.section !== section) {
        section = field.section;
        fieldset = el("fieldset");
        if (field.section) {
          fieldset.appendChild(el("legend", {}, field.section));
        }
        form.appendChild(fieldset);
      }
      var id = prefix + field.name;
      var wrapper = el("div", { class: "field" });
      var label = el("label", { for: id }, field.label);
      if (field.required) {
        label.appendChild(document.createTextNode(" "));
        label.appendChild(el("span", { class: "hint" }, "(" + texts.required + ")"));
      }
      wrapper.appendChild(label);
      var input;
      if (field.kind === "textarea") {
        input = el("textarea", { id: id, name: field.name, rows: "6", required: field.required });
      } else if (field.kind === "select") {
        input = el("select", { id: id, name: field.name, required: field.required });
        field.options.forEach(function (option) {
          var node = el("option", { value: option.value }, option.label);
          if (option.value === field.default_value) {
            node.selected = true;
          }
          input.appendChild(node);
        });
      } else {
        input = el("input", {
          id: id,
          name: field.name,
          type: field.kind,
          required: field.required,
          autocomplete: field.autocomplete,
        });
      }
      wrapper.appendChild(input);
      var error = el("span", { class: "error", id: id + "-error", hidden: true });
      wrapper.appendChild(error);
      fieldset.appendChild(wrapper);
      inputs[field.name] = input;
      errors[field.name] = error;
      input.addEventListener("input", function () {
        idempotencyKey = null;
      });
    });
    var check = el("div", { class: "field" });
    check.appendChild(el("span", { class: "label" }, texts.security_check));
    var checkStatus = el("span", { class: "status", role: "status", id: prefix + "altcha" }, texts.security_hint);
    check.appendChild(el("br"));
    check.appendChild(checkStatus);
    var checkError = el("span", { class: "error", id: prefix + "altcha-error", hidden: true });
    check.appendChild(checkError);
    errors.altcha = checkError;
    form.appendChild(check);
    var button = el("button", { type: "submit" }, texts.submit);
    form.appendChild(button);
    container.appendChild(form);

    function clearErrors() {
      general.hidden = true;
      general.textContent = "";
      for (var name in errors) {
        errors[name].hidden = true;
        errors[name].textContent = "";
        if (inputs[name]) {
          inputs[name].removeAttribute("aria-invalid");
          inputs[name].removeAttribute("aria-describedby");
        }
      }
    }

    function showErrors(problem) {
      var first = null;
      (problem.errors || []).forEach(function (item) {
        var target = errors[item.field];
        if (!target) {
          return;
        }
        target.textContent = item.message;
        target.hidden = false;
        if (inputs[item.field]) {
          inputs[item.field].setAttribute("aria-invalid", "true");
          inputs[item.field].setAttribute("aria-describedby", target.id);
          first = first || inputs[item.field];
        }
      });
      general.textContent = texts.fix_errors;
      general.hidden = false;
      if (first) {
        first.focus();
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors();
      button.disabled = true;
      checkStatus.textContent = texts.verifying;
      if (!idempotencyKey) {
        idempotencyKey = newKey();
      }
      var body = {};
      for (var name in inputs) {
        if (inputs[name].value.trim() !== "") {
          body[name] = inputs[name].value;
        }
      }
      solveChallenge()
        .then(function (solution) {
          body.altcha = solution;
          checkStatus.textContent = texts.security_done;
          return fetch(
            api + "/forms/" + encodeURIComponent(formSlug) + "/cases",
            {
              method: "POST",
              credentials: "omit",
              headers: {
                "Content-Type": "application/json",
                Accept: "application/json",
                "Idempotency-Key": idempotencyKey,
              },
              body: JSON.stringify(body),
            }
          );
        })
        .then(function (response) {
          if (response.status === 202) {
            container.textContent = "";
            container.appendChild(el("h2", { tabindex: "-1" }, texts.thanks_title));
            container.appendChild(el("p", { role: "status" }, texts.thanks_text));
            container.firstChild.focus();
            return null;
          }
          idempotencyKey = null;
          return response.json().then(
            function (problem) {
              if (response.status === 422) {
                showErrors(problem);
              } else if (response.status === 429) {
                general.textContent = texts.too_many;
                general.hidden = false;
              } else {
                general.textContent = texts.failed;
                general.hidden = false;
              }
            },
            function () {
              general.textContent = texts.failed;
              general.hidden = false;
            }
          );
        })
        .catch(function () {
          general.textContent = texts.failed;
          general.hidden = false;
        })
        .then(function () {
          button.disabled = false;
          if (!general.hidden) {
            checkStatus.textContent = texts.security_hint;
          }
        });
    });
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  // ALTCHA: find n in 0..=maxnumber with hex(SHA-256(salt + n)) === challenge, in batches.
  function solveChallenge() {
    return fetch(api + "/captcha", { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("captcha " + response.status);
        }
        return response.json();
      })
      .then(function (challenge) {
        var encoder = new TextEncoder();
        var batch = 500;
        function attempt(start) {
          if (start > challenge.maxnumber) {
            throw new Error("no solution");
          }
          var tries = [];
          for (var n = start; n < start + batch && n <= challenge.maxnumber; n++) {
            tries.push(
              (function (number) {
                return crypto.subtle
                  .digest("SHA-256", encoder.encode(challenge.salt + number))
                  .then(function (digest) {
                    return hex(digest) === challenge.challenge ? number : -1;
                  });
              })(n)
            );
          }
          return Promise.all(tries).then(function (found) {
            for (var i = 0; i < found.length; i++) {
              if (found[i] >= 0) {
                return found[i];
              }
            }
            return attempt(start + batch);
          });
        }
        return attempt(0).then(function (number) {
          return btoa(
            JSON.stringify({
              algorithm: challenge.algorithm,
              challenge: challenge.challenge,
              number: number,
              salt: challenge.salt,
              signature: challenge.signature,
            })
          );
        });
      });
  }
})();
