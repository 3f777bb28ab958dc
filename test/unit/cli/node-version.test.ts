import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSdkNodeVersionNotice, nodeVersionVerdict } from "../../../functions/cli/node-version";

/** The AWS SDK's Node-version notice is dropped; every other warning still shows, through Node's own printer. */

const SDK_NOTICE = `NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)
versions published after the first week of January 2027
will require node >=22. You are running node v20.20.2.`;

describe("the SDK's Node-version notice", () => {
  it("is told by the SDK's own text, as process.emitWarning names a plain string's warning", () => {
    const warning = (message: string, name = "Warning") => Object.assign(new Error(message), { name });
    expect(isSdkNodeVersionNotice(warning(SDK_NOTICE))).toBe(true);
    expect(
      isSdkNodeVersionNotice(
        warning("NodeDeprecationWarning: The AWS SDK for JavaScript (v3) will\nno longer support"),
      ),
    ).toBe(true);
    expect(
      isSdkNodeVersionNotice(warning("The AWS SDK for JavaScript (v3) will", "NodeDeprecationWarning")),
    ).toBe(true);
    expect(isSdkNodeVersionNotice(warning("Buffer() is deprecated", "DeprecationWarning"))).toBe(false);
    expect(isSdkNodeVersionNotice(warning("NodeVersionSupportWarning: something else"))).toBe(false);
  });

  it("is dropped in a real process while another warning still reaches Node's printer", () => {
    const module = join(import.meta.dirname, "..", "..", "..", "functions", "cli", "node-version.ts");
    const script = [
      `const { dropSdkNodeVersionNotice } = await import(${JSON.stringify(module)});`,
      "dropSdkNodeVersionNotice();",
      `process.emitWarning(${JSON.stringify(SDK_NOTICE)});`,
      'process.emitWarning("something else to know", "ExperimentalWarning");',
    ].join("\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/ExperimentalWarning: something else to know/);
    expect(run.stderr).not.toMatch(/AWS SDK for JavaScript/);
  });
});

describe("nodeVersionVerdict", () => {
  it("fails below the engines' 20.19, warns once in a line before 22, and is quiet from 22", () => {
    expect(nodeVersionVerdict("v18.20.0").level).toBe("fail");
    expect(nodeVersionVerdict("v20.18.1").level).toBe("fail");
    const twenty = nodeVersionVerdict("v20.20.2");
    expect(twenty.level).toBe("warn");
    expect(twenty.line).not.toContain("\n");
    expect(twenty.line).toMatch(/need Node 22/);
    expect(nodeVersionVerdict("v22.12.0")).toEqual({ level: "ok", line: "Node v22.12.0" });
  });
});
