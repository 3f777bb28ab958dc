import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { LOCAL_CREDENTIALS } from "../../functions/local/servers";

/**
 * The README's first command, as a newcomer runs it: `gongkai demo` (without `--once`, so the stack stays
 * up and what it prints can be followed: the desk's page opened, the clerk's sign-in used).
 */

const bin = join(import.meta.dirname, "..", "..", "bin", "gongkai.mjs");
let home: string;
let demo: ChildProcess;
let output = "";

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-demo-"));
  demo = spawn(process.execPath, [bin, "demo", "--lang", "en"], {
    cwd: home,
    env: { ...process.env, GONGKAI_HOME: join(home, "state"), NO_COLOR: "1" },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not finish showing:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      if (/^ {2}pool /m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    demo.stdout!.on("data", read);
    demo.stderr!.on("data", read);
    demo.once("exit", (code) => reject(new Error(`the demo exited (${code}) before showing:\n${output}`)));
  });
}, 150_000);

afterAll(async () => {
  if (demo && demo.exitCode === null) {
    demo.kill("SIGINT");
    await new Promise((resolve) => demo.once("exit", resolve));
  }
  await rm(home, { recursive: true, force: true });
});

describe("gongkai demo", () => {
  it("publishes the three good examples and rejects city-edu's 2024 workbook naming its two wrong cells", () => {
    for (const key of [
      "uploads/nx-office/2019/nx-office-2019.xlsx",
      "uploads/county-amr/2023/county-amr-2023.xlsx",
      "uploads/county-amr/2024/county-amr-2024.xlsx",
    ]) {
      expect(output).toMatch(new RegExp(`^published +${key}$`, "m"));
    }
    expect(output).toMatch(/^rejected +uploads\/city-edu\/2024\/city-edu-2024\.xlsx$/m);
    expect(output).toMatch(/三、依申请公开!F6 .*the sheet has 2; make it 0/);
    expect(output).toMatch(/三、依申请公开!J29 .*the sheet has 47; make it 46/);
  });

  it("shows the feed's years with a report each, and a mail to each department", () => {
    for (const year of [2019, 2023, 2024])
      expect(output).toMatch(new RegExp(`^ {2}${year}: 1 report\\(s\\)`, "m"));
    expect(output.match(/【已发布】/g)).toHaveLength(3);
    expect(output.match(/【未通过】某市教育局 2024/g)).toHaveLength(1);
    expect(output).toMatch(/^ {2}to edu@example\.gov\.cn$/m);
  });

  it("prints a desk page that answers and a clerk's sign-in that the local user pool accepts", async () => {
    const page = /^ {2}page +(http:\/\/127\.0\.0\.1:\d+\/desk\/)/m.exec(output)?.[1];
    expect(page).toBeDefined();
    const html = await fetch(page!);
    expect(html.status).toBe(200);
    expect(await html.text()).toMatch(/<html/i);

    const password = /sign-in +edu@example\.gov\.cn \(city-edu\) +temporary password (\S+)/.exec(output)?.[1];
    expect(password).toBeDefined();
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    const cognito = cognitoClient({
      region: endpoints.region,
      credentials: LOCAL_CREDENTIALS,
      endpoints: { cognito: endpoints.cognito },
    });
    try {
      const signIn = await cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: endpoints.userPoolClientId,
          AuthParameters: { USERNAME: "edu@example.gov.cn", PASSWORD: password! },
        }),
      );
      expect(signIn.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    } finally {
      cognito.destroy();
    }
  });

  it("stays up until interrupted, then stops cleanly", async () => {
    const exited = new Promise<number | null>((resolve) => demo.once("exit", resolve));
    demo.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
