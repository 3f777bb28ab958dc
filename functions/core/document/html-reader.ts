import { type DefaultTreeAdapterTypes, defaultTreeAdapter, parse } from "parse5";
import type { DocumentLimits } from "../workbook/limits";
import { DocumentAssembler } from "./assembler";
import type { ReadDocument } from "./model";
import { budget, refuseDocument } from "./problems";

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/**
 * A web page's markup → paragraphs and tables, as a reader of the page sees them. Parsed by parse5, the
 * HTML standard's parser (what a browser builds from the same bytes, broken markup included), with the
 * node cap counted as the tree is built: parsing stops there. Nothing is run or fetched — scripts,
 * styles, frames, objects and templates are skipped, as is what is hidden (`hidden`, `display:none`)
 * and what is struck through (`<del>`, `<s>`, `line-through`: deleted, as Word's revisions save it);
 * entities are the standard's fixed table, never declared ones. Tables are read with `colspan` and
 * `rowspan` as a browser lays them out; `&nbsp;` is blank; `<sup>`/`<sub>` are footnote marks; a table
 * holding tables is a layout table, read through.
 */

/** Never read: code, styles, embedded content, what only scripts show. */
const SKIPPED = new Set([
  "script",
  "style",
  "template",
  "noscript",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "svg",
  "math",
  "select",
  "textarea",
  "canvas",
  "audio",
  "video",
  "head",
]);

/** Elements that begin and end a line of text. */
const BLOCKS = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "section",
  "article",
  "header",
  "footer",
  "nav",
  "aside",
  "main",
  "blockquote",
  "pre",
  "caption",
  "center",
  "form",
  "fieldset",
  "address",
  "figure",
  "figcaption",
  "hr",
  "body",
  "html",
]);

/** Struck-through text: deleted (Word's unaccepted revisions saved as a page), never read as digits. */
const STRUCK = new Set(["del", "s", "strike"]);
const STRUCK_STYLE = /(?:^|;)\s*text-decoration(?:-line)?\s*:[^;]*\bline-through\b/i;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

/** HTML's rules for a non-negative integer attribute (`colspan="2px"` is 2), or the fallback. */
function integer(text: string | undefined, fallback: number): number {
  const match = /^\s*\+?(\d+)/.exec(text ?? "");
  return match ? Number(match[1]!.slice(0, 6)) : fallback;
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

export function readHtml(html: string, limits: DocumentLimits & { maxColumns: number }): ReadDocument {
  if (html.length > limits.maxMarkupBytes) {
    refuseDocument("too_large", `the page has ${html.length} characters of markup`, {
      limit: limits.maxMarkupBytes,
      actual: html.length,
    });
  }
  const nodes = budget("too_many_elements", "nodes in the page", limits.maxNodes);
  // Cells are counted as they are parsed too, so a huge table is told as one before the node cap.
  const cells = budget("too_many_cells", "table cells", limits.maxTableCells);
  const treeAdapter = {
    ...defaultTreeAdapter,
    createElement(...args: Parameters<typeof defaultTreeAdapter.createElement>) {
      nodes.add();
      if (args[0] === "td" || args[0] === "th") cells.add();
      return defaultTreeAdapter.createElement(...args);
    },
    insertText(...args: Parameters<typeof defaultTreeAdapter.insertText>) {
      nodes.add();
      defaultTreeAdapter.insertText(...args);
    },
    insertTextBefore(...args: Parameters<typeof defaultTreeAdapter.insertTextBefore>) {
      nodes.add();
      defaultTreeAdapter.insertTextBefore(...args);
    },
  };
  const document = parse(html, { treeAdapter, scriptingEnabled: true });
  const assembler = new DocumentAssembler(limits);
  const titles: string[] = [];
  const headings: string[] = [];

  const textOf = (node: Node, depth = 0): string => {
    if (depth > 16) return "";
    if (node.nodeName === "#text") return (node as DefaultTreeAdapterTypes.TextNode).value;
    if (!("childNodes" in node)) return "";
    return node.childNodes.map((child) => textOf(child, depth + 1)).join("");
  };

  const walk = (node: Node, depth: number, raised: boolean): void => {
    if (depth > limits.maxElementDepth) {
      refuseDocument("too_deeply_nested", `elements nested more than ${limits.maxElementDepth} deep`, {
        limit: limits.maxElementDepth,
      });
    }
    if (node.nodeName === "#text") {
      // White space collapses as a browser collapses it; `&nbsp;` (U+00A0) stays, and reads as blank.
      assembler.text((node as DefaultTreeAdapterTypes.TextNode).value.replace(/[ \t\n\r\f]+/g, " "), raised);
      return;
    }
    if (!("tagName" in node)) {
      if ("childNodes" in node) for (const child of node.childNodes) walk(child, depth + 1, raised);
      return;
    }
    const element = node as Element;
    const tag = element.tagName;
    if (tag === "head") readHead(element);
    if (SKIPPED.has(tag) || STRUCK.has(tag)) return;
    const style = attr(element, "style") ?? "";
    if (attr(element, "hidden") !== undefined || HIDDEN_STYLE.test(style) || STRUCK_STYLE.test(style)) return;
    const children = "content" in element ? [] : element.childNodes;
    switch (tag) {
      case "table":
        assembler.openTable();
        for (const child of children) walk(child, depth + 1, raised);
        assembler.closeTable();
        return;
      case "tr":
        assembler.openRow();
        for (const child of children) walk(child, depth + 1, raised);
        return;
      case "td":
      case "th":
        assembler.openCell(
          Math.max(1, integer(attr(element, "colspan"), 1)),
          integer(attr(element, "rowspan"), 1),
        );
        for (const child of children) walk(child, depth + 1, raised);
        assembler.closeCell();
        return;
      case "br":
        assembler.lineEnd();
        return;
      case "sup":
      case "sub":
        for (const child of children) walk(child, depth + 1, true);
        return;
    }
    const block = BLOCKS.has(tag);
    if (block) assembler.lineEnd();
    if (/^h[1-3]$/.test(tag) && headings.length < 5) headings.push(textOf(element).trim());
    for (const child of children) walk(child, depth + 1, raised);
    if (block) assembler.lineEnd();
  };

  const readHead = (head: Element) => {
    for (const child of head.childNodes) {
      if (!("tagName" in child)) continue;
      if (child.tagName === "title") titles.push(textOf(child).trim().slice(0, 200));
      // Chinese government CMSs name the article in `<meta name="ArticleTitle">`.
      if (child.tagName === "meta" && /^articletitle$/i.test(attr(child, "name") ?? ""))
        titles.push((attr(child, "content") ?? "").trim().slice(0, 200));
    }
  };

  walk(document, 0, false);
  return assembler.result([...titles, ...headings]);
}
