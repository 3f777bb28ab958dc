import { describe, expect, it } from "vitest";
import { jsonText, padded, printable, safe, terminal } from "../../../functions/cli/terminal";

/** What reaches the terminal: untrusted text escaped, styling ours, progress only on a terminal. */

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 60, write: (text: string) => written.push(text) } };
}

describe("printable", () => {
  it("writes C0, DEL, C1 and bidi controls as visible escapes, and leaves Chinese and symbols alone", () => {
    expect(printable("\u001b[2Jx\u0007\u007f\u0085\u009b\u202e\u2066\u200f\u2028")).toBe(
      "\\x1b[2Jx\\x07\\x7f\\x85\\x9b\\u202e\\u2066\\u200f\\u2028",
    );
    expect(printable("a\nb\tc\rd")).toBe("a\\nb\\tc\\rd");
    expect(printable("三、依申请公开!J26 ✔ （七）")).toBe("三、依申请公开!J26 ✔ （七）");
  });

  it("escapes what a template interpolates, and keeps its own literal text and Safe parts", () => {
    const term = terminal(
      { stdout: stream(true).stream, stderr: stream(true).stream },
      { colour: true, json: false },
    );
    const line = safe`${term.red("✖")} ${"\u001b]0;t\u0007"}`;
    expect(line.text).toBe("\u001b[31m✖\u001b[0m \\x1b]0;t\\x07");
  });

  it("pads by terminal columns, a Chinese character taking two", () => {
    expect(padded("错误", 6).text).toBe("错误  ");
    expect(padded("error", 6).text).toBe("error ");
  });

  it("escapes in JSON the controls JSON.stringify leaves raw, and the value parses back the same", () => {
    const value = { sheet: "a\u009b2J\u202e\u001b" };
    const text = jsonText(value);
    for (const control of ["\u009b", "\u202e", "\u001b"]) expect(text).not.toContain(control);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("terminal", () => {
  it("writes the report on stdout and nothing else there in --json mode, where only the object goes", () => {
    const out = stream(false);
    const err = stream(false);
    const human = terminal({ stdout: out.stream, stderr: err.stream }, { colour: true, json: false });
    human.out("report");
    human.emit({ ok: true });
    human.err("failed");
    human.note("waiting");
    expect(out.written).toEqual(["report\n"]);
    expect(err.written).toEqual(["failed\n"]);
    const jsonOut = stream(false);
    const jsonErr = stream(false);
    const json = terminal({ stdout: jsonOut.stream, stderr: jsonErr.stream }, { colour: true, json: true });
    json.out("report");
    json.emit({ ok: true });
    json.err("failed");
    expect(jsonOut.written).toEqual(['{"ok":true}\n']);
    expect(jsonErr.written).toEqual([]);
  });

  it("paints only on a terminal that allows colour", () => {
    const piped = terminal(
      { stdout: stream(false).stream, stderr: stream(false).stream },
      { colour: true, json: false },
    );
    expect(piped.red("x").text).toBe("x");
    const noColour = terminal(
      { stdout: stream(true).stream, stderr: stream(true).stream },
      { colour: false, json: false },
    );
    expect(noColour.red("x").text).toBe("x");
  });

  it("draws a progress bar in place on a terminal's stderr, clears it when done, and draws nothing when piped", () => {
    const tty = stream(true);
    const term = terminal(
      { stdout: stream(true).stream, stderr: tty.stream },
      { colour: false, json: false },
    );
    const progress = term.progress("registering", 2);
    progress.advance("finance");
    progress.advance("\u001b[2Jaudit");
    progress.done();
    const ERASE = "\r\u001b[2K";
    expect(tty.written[0]).toBe(`${ERASE}registering ${"░".repeat(24)} 0/2 `);
    expect(tty.written.at(-2)).toBe(`${ERASE}registering ${"█".repeat(24)} 2/2 \\x1b[2Jaudit`);
    expect(tty.written.at(-1)).toBe("\r\u001b[2K");
    const piped = stream(false);
    const quiet = terminal(
      { stdout: stream(false).stream, stderr: piped.stream },
      { colour: false, json: false },
    );
    const none = quiet.progress("registering", 2);
    none.advance();
    none.done();
    expect(piped.written).toEqual([]);
  });
});
