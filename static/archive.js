/* Small enhancements; every page works without them. */
"use strict";

/* A button with data-copy="ID" copies that element's value (the permalink, a citation) and
   says so in its data-copied text for a moment. */
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "absolute";
  area.style.left = "-9999px";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const text = "value" in source ? source.value : source.textContent.trim();
  const status = document.getElementById(button.dataset.copy + "-status");
  copyText(text).then(
    () => { if (status) status.textContent = button.dataset.copied; },
    () => { if (status) status.textContent = button.dataset.failed; source.select && source.select(); },
  );
});

/* The search page's filters fold behind 筛选 on a phone; on a wide screen they stay open. */
function unfoldFiltersOnWideScreens() {
  const wide = window.matchMedia("(min-width: 50rem)");
  const apply = () => {
    document.querySelectorAll("details.filters").forEach((details) => { details.open = wide.matches; });
  };
  apply();
  wide.addEventListener("change", apply);
}

document.addEventListener("DOMContentLoaded", unfoldFiltersOnWideScreens);

/* Copy buttons only make sense with a script: they are hidden until it runs. */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => { button.hidden = false; });
});
