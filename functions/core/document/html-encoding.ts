import { type DefaultTreeAdapterTypes, parse } from "parse5";

/**
 * A saved web page's bytes → its text. Government pages are UTF-8 or GBK/GB2312 (older CMSs), and say so
 * in a `<meta>` tag, if at all. In order: a byte-order mark; valid UTF-8; the charset a `<meta>` of the
 * first 4 KB declares (found by parse5, parsing those bytes as Latin-1, as a browser's prescan reads
 * them); else GB18030, the superset of GBK and GB2312 that an undeclared Chinese page is written in.
 */

const PRESCAN_BYTES = 4096;

export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: the page's own declaration, or GB18030
  }
  const declared = declaredCharset(new TextDecoder("latin1").decode(bytes.subarray(0, PRESCAN_BYTES)));
  for (const label of [declared, "gb18030"]) {
    if (!label || /^utf-?8$/i.test(label)) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // a label TextDecoder does not know: try the next
    }
  }
  return new TextDecoder("utf-8").decode(bytes);
}

/** The charset of `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`. */
export function declaredCharset(head: string): string | undefined {
  const document = parse(head);
  const found: string[] = [];
  const visit = (node: DefaultTreeAdapterTypes.ParentNode, depth: number) => {
    if (depth > 32 || found.length > 0) return;
    for (const child of node.childNodes) {
      if (!("tagName" in child)) continue;
      if (child.tagName === "meta") {
        const attr = (name: string) => child.attrs.find((a) => a.name === name)?.value;
        const charset = attr("charset") ?? /charset\s*=\s*["']?([\w-]+)/i.exec(attr("content") ?? "")?.[1];
        if (charset) found.push(charset.trim());
      }
      visit(child, depth + 1);
    }
  };
  visit(document, 0);
  return found[0];
}
