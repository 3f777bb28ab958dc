import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstSignIn, type RunningGongkai, startGongkai } from "../support/gongkai-process";

/**
 * The README's first command, as a newcomer runs it: `gongkai demo` (without `--once`, so the stack stays
 * up and what it prints can be followed: the desk's page opened, the clerk's sign-in used).
 */

let home: string;
let demo: RunningGongkai;
let output = "";

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-demo-"));
  demo = await startGongkai(home, ["demo", "--lang", "en"], (printed) => /^ {2}pool /m.test(printed), {
    env: { NO_COLOR: "1" },
    timeoutMs: 120_000,
  });
  output = demo.output();
}, 150_000);

afterAll(async () => {
  await demo?.interrupt();
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
    expect(await firstSignIn(home, "edu@example.gov.cn", password!)).toBe("NEW_PASSWORD_REQUIRED");
  });

  it("stays up until interrupted, then stops cleanly", async () => {
    expect(demo.process.exitCode).toBeNull();
    expect(await demo.interrupt()).toBe(0);
  });
});
