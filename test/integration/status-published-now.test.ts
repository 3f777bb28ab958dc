import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGongkai } from "../../functions/cli/program";
import { cliEnvironment } from "../../functions/config";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * `gongkai status` against what is published now, on the local stack, as the desk shows it: an upload
 * published and then replaced by a newer one is listed as superseded, the one whose report an operator
 * withdrew as withdrawn with the reason (escaped, as any text from outside is) — in words and in `--json`.
 * The upload log keeps `published` on both.
 */

const DEPARTMENT = "status-now";
const OTHER = "status-other";
const YEAR = 2024;
/** Why the report was withdrawn, with a terminal control sequence in it: it must not reach the terminal. */
const REASON = "报送单位申请撤回\u001b]0;pwned\u0007";

let stack: LocalStack;
let home: string;

/** A valid report; `licensing` tells one upload's numbers from another's. */
const workbook = (licensing: number) => {
  const tables = county2024Tables();
  tables.proactive.licensing!.decisions = licensing;
  return nationalWorkbook("2021", tables);
};

/** The operators' bulk path: the file put under uploads/{department}/{year}/, then the pipeline. */
async function uploadInBulk(department: string, fileName: string, licensing: number): Promise<void> {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${YEAR}/${fileName}`,
      Body: workbook(licensing),
    }),
  );
  await stack.settle();
}

/** `gongkai …` in this process, on the local stack's home, without colours. */
async function gongkai(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runGongkai(argv, {
    env: cliEnvironment({ GONGKAI_HOME: home, NO_COLOR: "1" }),
    streams: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
  });
  return { code, stdout, stderr };
}

interface ListedUpload {
  key: string;
  status: string;
  withdrawal: { at: string; reason: string } | null;
}

/** `gongkai status --json`: file name → what it says of the upload. */
async function listed(): Promise<Record<string, Pick<ListedUpload, "status" | "withdrawal">>> {
  const run = await gongkai("status", "--json");
  expect(run.code).toBe(0);
  const uploads = JSON.parse(run.stdout).uploads as ListedUpload[];
  return Object.fromEntries(
    uploads.map(({ key, status, withdrawal }) => [key.split("/").pop(), { status, withdrawal }]),
  );
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-status-now-"));
  stack = await startLocalStack({ home });
  for (const id of [DEPARTMENT, OTHER]) {
    await stack.ports.departments.put({ id, name: `单位 ${id}`, emails: [`${id}@example.gov.cn`] });
  }
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("gongkai status against what is published now", () => {
  it("lists an upload replaced by a newer published one as superseded, in words and as JSON", async () => {
    await uploadInBulk(DEPARTMENT, "A-先.xlsx", 1036);
    await uploadInBulk(DEPARTMENT, "B-后.xlsx", 1777);
    await uploadInBulk(OTHER, "C-别的单位.xlsx", 1036);
    expect(await listed()).toEqual({
      "C-别的单位.xlsx": { status: "published", withdrawal: null },
      "B-后.xlsx": { status: "published", withdrawal: null },
      "A-先.xlsx": { status: "superseded", withdrawal: null },
    });
    // The pipeline's record of A was not rewritten: status decided from the CURRENT pointer.
    const records = await stack.ports.uploads.listYear(DEPARTMENT, YEAR);
    expect(records.find((record) => record.fileName === "A-先.xlsx")?.status).toBe("published");
    const words = await gongkai("status", "--department", DEPARTMENT);
    expect(words.stdout).toMatch(/已被取代\s+status-now\s+2024\s+uploads\/status-now\/2024\/A-先\.xlsx/);
    expect(words.stdout).toMatch(/已发布\s+status-now\s+2024\s+uploads\/status-now\/2024\/B-后\.xlsx/);
    const english = await gongkai("status", "--department", DEPARTMENT, "--lang", "en");
    expect(english.stdout).toMatch(/superseded\s+status-now\s+2024\s+uploads\/status-now\/2024\/A-先\.xlsx/);
  });

  it("lists the upload whose report an operator withdrew as withdrawn, with the reason escaped, and the older one still superseded", async () => {
    const withdrawn = await gongkai("withdraw", DEPARTMENT, String(YEAR), "--reason", REASON);
    expect(withdrawn.code).toBe(0);
    const now = await listed();
    expect(now).toEqual({
      "C-别的单位.xlsx": { status: "published", withdrawal: null },
      "B-后.xlsx": { status: "withdrawn", withdrawal: { reason: REASON, at: expect.any(String) } },
      "A-先.xlsx": { status: "superseded", withdrawal: null },
    });
    const at = now["B-后.xlsx"]!.withdrawal!.at.slice(0, 19);
    const words = await gongkai("status", "--department", DEPARTMENT);
    expect(words.stdout).toMatch(/已撤回\s+status-now\s+2024\s+uploads\/status-now\/2024\/B-后\.xlsx/);
    // Under its line: why, as the operator wrote it, every control character escaped.
    expect(words.stdout).toContain(`\n  撤回原因：报送单位申请撤回\\x1b]0;pwned\\x07（${at}）\n`);
    expect(words.stdout).not.toContain("\u001b");
    expect(words.stdout).not.toContain("\u0007");
    expect(words.stdout).toMatch(/已被取代\s+status-now\s+2024\s+uploads\/status-now\/2024\/A-先\.xlsx/);
    const english = await gongkai("status", "--department", DEPARTMENT, "--lang", "en");
    expect(english.stdout).toMatch(/withdrawn\s+status-now\s+2024\s+uploads\/status-now\/2024\/B-后\.xlsx/);
    expect(english.stdout).toContain(`\n  withdrawn: 报送单位申请撤回\\x1b]0;pwned\\x07 (${at})\n`);
  });
});
