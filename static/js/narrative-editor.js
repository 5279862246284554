/* The report narrative editor: a contenteditable area with a small toolbar in place of each
   <textarea data-narrative-editor>. Our own code, no library; no inline script or style (CSP).
   Without JavaScript the page keeps the plain text area. The server sanitises every save, so
   this editor only makes the allowed subset easy to write: paragraphs, bold, italics, bullet and
   numbered lists, footnotes (<span class="footnote">). */
(function () {
  "use strict";

  var ALLOWED = { P: "p", BR: "br", UL: "ul", OL: "ol", LI: "li", STRONG: "strong", B: "strong",
                  EM: "em", I: "em", DIV: "p" };

  /* Copy the allowed subset of `source`'s children into `target` (loading and saving). */
  function copyAllowed(source, target, inFootnote) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) { return; }
      var name = node.tagName;
      if (name === "SCRIPT" || name === "STYLE") { return; }
      var isFootnote = name === "SPAN" && node.classList.contains("footnote") && !inFootnote;
      var tag = isFootnote ? "span" : ALLOWED[name];
      if (!tag) { copyAllowed(node, target, inFootnote); return; }
      var copy = document.createElement(tag);
      if (isFootnote) { copy.className = "footnote"; }
      target.appendChild(copy);
      copyAllowed(node, copy, inFootnote || isFootnote);
    });
  }

  function clean(html) {
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    var holder = document.createElement("div");
    copyAllowed(parsed.body, holder, false);
    return holder.innerHTML;
  }

  function plainToHtml(text) {
    var holder = document.createElement("div");
    text.split(/\r?\n/).forEach(function (line) {
      if (line.trim()) {
        var p = document.createElement("p");
        p.textContent = line.trim();
        holder.appendChild(p);
      }
    });
    return holder.innerHTML;
  }

  function insideEditor(editor, node) {
    return node && (node === editor || editor.contains(node));
  }

  function wrapFootnote(editor, status) {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed ||
        !insideEditor(editor, selection.getRangeAt(0).commonAncestorContainer)) {
      status.textContent = status.getAttribute("data-select-first");
      return;
    }
    var range = selection.getRangeAt(0);
    var span = document.createElement("span");
    span.className = "footnote";
    span.appendChild(range.extractContents());
    // A footnote holds text only: no paragraph or list inside it, no footnote inside it.
    span.textContent = span.textContent;
    range.insertNode(span);
    selection.removeAllRanges();
    status.textContent = "";
  }

  function setUp(textarea) {
    var labels = JSON.parse(textarea.getAttribute("data-narrative-editor") || "{}");
    var wrapper = document.createElement("div");
    wrapper.className = "narrative-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "narrative-toolbar";
    toolbar.setAttribute("role", "toolbar");
    var editor = document.createElement("div");
    editor.className = "narrative-area";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (textarea.id) {
      var label = document.querySelector('label[for="' + textarea.id + '"]');
      if (label) {
        label.id = label.id || textarea.id + "-label";
        editor.setAttribute("aria-labelledby", label.id);
      }
    }
    var status = document.createElement("p");
    status.className = "narrative-status";
    status.setAttribute("role", "status");
    status.setAttribute("data-select-first", labels.select_first || "");

    var buttons = [
      ["bold", labels.bold || "B", function () { document.execCommand("bold"); }],
      ["italic", labels.italic || "I", function () { document.execCommand("italic"); }],
      ["bullets", labels.bullets || "•", function () { document.execCommand("insertUnorderedList"); }],
      ["numbers", labels.numbers || "1.", function () { document.execCommand("insertOrderedList"); }],
      ["footnote", labels.footnote || "¹", function () { wrapFootnote(editor, status); }]
    ];
    buttons.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-small btn-secondary narrative-" + spec[0];
      button.textContent = spec[1];
      button.title = labels[spec[0] + "_title"] || spec[1];
      button.setAttribute("data-command", spec[0]);
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        editor.focus();
        spec[2]();
        sync();
      });
      toolbar.appendChild(button);
    });

    var value = textarea.value;
    editor.innerHTML = /<\s*(p|ul|ol|li|div)\b/i.test(value) ? clean(value) : plainToHtml(value);
    if (!editor.innerHTML) { editor.innerHTML = "<p><br></p>"; }

    function sync() { textarea.value = clean(editor.innerHTML); }
    editor.addEventListener("input", sync);
    editor.addEventListener("blur", sync);
    editor.addEventListener("paste", function (event) {
      // Pasted text keeps its words, not the formatting of the page it came from.
      var text = (event.clipboardData || window.clipboardData).getData("text/plain");
      if (text) {
        event.preventDefault();
        document.execCommand("insertText", false, text);
      }
    });
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }

    textarea.hidden = true;
    textarea.setAttribute("aria-hidden", "true");
    wrapper.appendChild(toolbar);
    wrapper.appendChild(editor);
    wrapper.appendChild(status);
    textarea.parentNode.insertBefore(wrapper, textarea);
  }

  function start() {
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* old */ }
    document.querySelectorAll("textarea[data-narrative-editor]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
