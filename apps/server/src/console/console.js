// Frontdesk console enhancements. Every page works without this script; it only adds
// copy buttons and live search.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // <button data-copy="id-of-input">: copies the input's value and says so.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      const field = document.getElementById(button.dataset.copy);
      if (!field) return;
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand("copy");
      }
      const status = document.getElementById(button.dataset.copy + "-status");
      if (status) status.textContent = button.dataset.copied || "";
    });
  }
  // <form data-live-search>: submits itself shortly after the search text changes.
  for (const form of document.querySelectorAll("form[data-live-search]")) {
    const input = form.querySelector("input[type=search]");
    if (!input) continue;
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => form.requestSubmit(), 350);
    });
  }
});
