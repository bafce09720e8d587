// Copy buttons (/intel/extract): a button with data-copy puts that text on the clipboard.
// Loaded from /js/ under the CSP (script-src 'self'); holds no UI text.
document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.classList.add("copied");
    });
});
