import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CREDENTIALS } from "../../functions/local/servers";
import { TERMINAL_CONTROLS, terminalEscapesWorkbook } from "../fixtures/hostile/terminal-escapes";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";
import {
  devReady,
  firstSignIn,
  type RunningGongkai,
  runGongkai,
  startGongkai,
} from "../support/gongkai-process";

/** `gongkai dev` in one process, the other commands in others, finding it through endpoints.json. */

let home: string;
let dev: RunningGongkai;
let blocker: Server;

const gongkaiWith = (env: Record<string, string>, ...args: string[]) => runGongkai(home, env, ...args);

const gongkai = (...args: string[]) => gongkaiWith({}, ...args);

/** The local servers addressed as AWS is: by GONGKAI_TABLE and the SDK's own variables. */
async function asAws(table: string): Promise<Record<string, string>> {
  const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
  return {
    GONGKAI_TABLE: table,
    GONGKAI_UPLOADS_BUCKET: endpoints.uploadsBucket,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_REGION: endpoints.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}

const HOSTILE_FILE = "report\u001b]0;title\u0007.xlsx";

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-dev-"));
  // Take the feed's customary port, so the stack must pick another one.
  blocker = createServer();
  await new Promise<void>((resolve) =>
    blocker.listen(8088, "127.0.0.1", () => resolve()).on("error", () => resolve()),
  );
  dev = await startGongkai(home, ["dev"], devReady);
  const seed = seed2019Tables();
  await writeFile(join(home, "seed.xlsx"), nationalWorkbook("2019", seed));
  seed.applications.results_total!.total = 106;
  await writeFile(join(home, "broken.xlsx"), nationalWorkbook("2019", seed));
  await writeFile(join(home, HOSTILE_FILE), terminalEscapesWorkbook());
});

afterAll(async () => {
  await dev?.interrupt();
  blocker?.close();
  await rm(home, { recursive: true, force: true });
});

describe("gongkai dev and the commands that use it", () => {
  it("prints ready with the URLs and writes them to endpoints.json, replacing a taken port", async () => {
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    expect(Object.keys(endpoints)).toEqual(expect.arrayContaining(["s3", "dynamodb", "ses", "feed"]));
    expect(endpoints.feed).not.toBe("http://127.0.0.1:8088");
    expect(dev.output()).toContain(endpoints.feed);
  });

  it("registers a department, publishes its upload (exit 0) and rejects a broken one (exit 1)", async () => {
    expect(
      gongkai(
        "department",
        "add",
        "nx-office",
        "--name",
        "自治区人民政府办公厅",
        "--email",
        "office@example.gov.cn",
      ).code,
    ).toBe(0);
    expect(gongkai("department", "list").stdout).toMatch(
      /nx-office\t自治区人民政府办公厅\toffice@example.gov.cn/,
    );
    const published = gongkai("upload", "seed.xlsx", "--department", "nx-office", "--year", "2019");
    expect(published.stdout).toMatch(/^已发布\s+uploads\/nx-office\/2019\/seed.xlsx/m);
    expect(published.code).toBe(0);
    const rejected = gongkai("upload", "broken.xlsx", "--department", "nx-office", "--year", "2019");
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/未通过[\s\S]*错误\s+三、依申请公开!J26\s+（七）总计/);
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    const report = (await (await fetch(`${endpoints.feed}/v1/reports/2019/nx-office.json`)).json()) as {
      tables: { applications: { results_total: { total: number } } };
    };
    expect(report.tables.applications.results_total.total).toBe(105);
  });

  it("lists uploads and their outcomes", () => {
    const status = gongkai("status", "--department", "nx-office");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/已发布\s+nx-office\s+2019\s+uploads\/nx-office\/2019\/seed.xlsx/);
    // Three findings, two lines: the results total breaks two rules at one cell (as validate and the mail count).
    expect(status.stdout).toMatch(
      /未通过\s+nx-office\s+2019\s+uploads\/nx-office\/2019\/broken.xlsx\s+2 处错误，0 处提醒/,
    );
    expect(gongkai("status", "--department", "nx-office", "--lang", "en").stdout).toMatch(
      /rejected\s+nx-office\s+2019\s+uploads\/nx-office\/2019\/broken.xlsx\s+2 errors, 0 warnings/,
    );
  });

  it("keeps an upload of an unregistered department, lists it, and publishes it when reprocessed after registering", () => {
    const upload = gongkai("upload", "seed.xlsx", "--department", "late-dept", "--year", "2019");
    expect(upload.code).toBe(1);
    expect(upload.stdout).toMatch(/^单位未登记\s+uploads\/late-dept\/2019\/seed.xlsx/m);
    // What to do next: register and reprocess, or find the id that was meant.
    expect(upload.stdout).toMatch(
      /gongkai department add late-dept .*再 gongkai reprocess uploads\/late-dept\/2019\/seed.xlsx.*gongkai department list/,
    );
    expect(gongkai("status").stdout).toMatch(/单位未登记\s+late-dept\s+2019/);
    expect(
      gongkai("department", "add", "late-dept", "--name", "后来登记的单位", "--email", "late@example.gov.cn")
        .code,
    ).toBe(0);
    const reprocessed = gongkai("reprocess", "uploads/late-dept/2019/seed.xlsx");
    expect(reprocessed.stdout).toMatch(/^已发布\s+uploads\/late-dept\/2019\/seed.xlsx/m);
    expect(reprocessed.code).toBe(0);
  });

  it("registers the departments of departments.json in one go, and refuses one without addresses", async () => {
    const context = (departments: unknown) => JSON.stringify({ app: "x", context: { departments } });
    await writeFile(
      join(home, "departments.json"),
      JSON.stringify([
        { id: "finance", name: "财政局", emails: ["finance@example.gov.cn"] },
        { id: "education", name: "教育局", emails: ["edu@example.gov.cn", "edu2@example.gov.cn"] },
      ]),
    );
    const synced = gongkai("department", "sync");
    expect(synced.code).toBe(0);
    // Each address got its sign-in; locally the temporary passwords are printed.
    expect(synced.stdout.match(/sign-in \S+ {2}temporary password \S+/g)).toHaveLength(3);
    expect(gongkai("department", "list").stdout).toMatch(
      /education\t教育局\tedu@example.gov.cn, edu2@example.gov.cn/,
    );
    await writeFile(join(home, "bad.json"), context([{ id: "health", name: "卫健委" }]));
    const refused = gongkai("department", "sync", "--file", "bad.json");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/health.*needs "emails"/);
  });

  it("gives each address a sign-in bound to its department, printing the temporary password locally", async () => {
    const run = gongkai(
      "department",
      "add",
      "desk-cli",
      "--name",
      "某局",
      "--email",
      "clerk@desk-cli.example.gov.cn",
    );
    expect(run.code).toBe(0);
    const password = /sign-in clerk@desk-cli\.example\.gov\.cn {2}temporary password (\S+)/.exec(
      run.stdout,
    )?.[1];
    expect(password).toBeDefined();
    expect(await firstSignIn(home, "clerk@desk-cli.example.gov.cn", password!)).toBe("NEW_PASSWORD_REQUIRED");
    const again = gongkai(
      "department",
      "add",
      "desk-cli",
      "--name",
      "某局",
      "--email",
      "clerk@desk-cli.example.gov.cn",
    );
    expect(again.stdout).toMatch(/sign-in clerk@desk-cli\.example\.gov\.cn {2}already there/);
    const elsewhere = gongkai(
      "department",
      "add",
      "desk-other",
      "--name",
      "另局",
      "--email",
      "clerk@desk-cli.example.gov.cn",
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toMatch(/not registered desk-other/);
    expect(elsewhere.stdout).toMatch(/refused: it signs in for desk-cli/);
    // Nothing written: the other department's mail can never go to this clerk.
    const listed = JSON.parse(gongkai("department", "list", "--json").stdout) as {
      departments: { id: string }[];
    };
    expect(listed.departments.map((d) => d.id)).toContain("desk-cli");
    expect(listed.departments.map((d) => d.id)).not.toContain("desk-other");
  });

  it("on AWS, asks Cognito to mail the invitation, and says so without a pool to make sign-ins in", async () => {
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    const aws = await asAws(endpoints.table);
    const mailed = gongkaiWith(
      {
        ...aws,
        GONGKAI_USER_POOL_ID: endpoints.userPoolId,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
      },
      "department",
      "add",
      "desk-aws",
      "--name",
      "某局",
      "--email",
      "clerk@desk-aws.example.gov.cn",
    );
    expect(mailed.code).toBe(0);
    expect(mailed.stdout).toMatch(/sign-in clerk@desk-aws\.example\.gov\.cn {2}invited \(Cognito mails/);
    expect(mailed.stdout).not.toMatch(/temporary password [^)\s]{16}/);
    const without = gongkaiWith(
      aws,
      "department",
      "add",
      "desk-aws2",
      "--name",
      "某局",
      "--email",
      "c@desk-aws2.example.gov.cn",
    );
    expect(without.stdout).toMatch(/no sign-ins made: set GONGKAI_USER_POOL_ID/);
  });

  it("refuses to register a department without an address", () => {
    const run = gongkai("department", "add", "city-edu", "--name", "某市教育局");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at least one --email/);
  });
});

describe("--json on the commands that use the stack", () => {
  it("answers department add, list and sync with one JSON object each, and nothing on stderr", async () => {
    const added = gongkai(
      "department",
      "add",
      "json-dept",
      "--name",
      "统计局",
      "--email",
      "tj@example.gov.cn",
      "--json",
    );
    expect(added.code).toBe(0);
    expect(added.stderr).toBe("");
    expect(JSON.parse(added.stdout)).toMatchObject({
      ok: true,
      target: "local",
      department: { id: "json-dept", name: "统计局", emails: ["tj@example.gov.cn"] },
    });
    const listed = JSON.parse(gongkai("department", "list", "--json").stdout);
    expect(listed.departments).toContainEqual(
      expect.objectContaining({
        id: "json-dept",
        name: "统计局",
        emails: ["tj@example.gov.cn"],
        parent: null,
      }),
    );
    await writeFile(
      join(home, "list.json"),
      JSON.stringify([{ id: "audit", name: "审计局", emails: ["a@example.gov.cn"] }]),
    );
    const synced = gongkai("department", "sync", "--file", "list.json", "--json");
    expect(JSON.parse(synced.stdout)).toEqual({
      ok: true,
      target: "local",
      file: "list.json",
      departments: ["audit"],
      signIns: [
        {
          email: "a@example.gov.cn",
          invitation: { status: "created", temporaryPassword: expect.stringMatching(/^\S{16}$/) },
        },
      ],
    });
  });

  it("uploads several files in one go and reports each outcome in one object, exit 1 when one is rejected", async () => {
    await writeFile(join(home, "a.xlsx"), await readFile(join(home, "seed.xlsx")));
    await writeFile(join(home, "b.xlsx"), await readFile(join(home, "broken.xlsx")));
    const run = gongkai(
      "upload",
      "a.xlsx",
      "b.xlsx",
      "--department",
      "json-dept",
      "--year",
      "2019",
      "--json",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ ok: false, target: "local", pending: [] });
    expect(outcome.uploads.map((u: { key: string; status: string }) => [u.key, u.status])).toEqual([
      ["uploads/json-dept/2019/a.xlsx", "published"],
      ["uploads/json-dept/2019/b.xlsx", "rejected"],
    ]);
    expect(outcome.uploads[0].report).toMatch(/\/v1\/reports\/2019\/json-dept\.json$/);
    expect(outcome.uploads[1].findings).toContainEqual(
      expect.objectContaining({ rule: "applications.results_total", cell: "J26" }),
    );
  });

  it("lists the uploads with their findings as JSON, without the SDK's Node notice on stderr", () => {
    const run = gongkai("status", "--department", "json-dept", "--json");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const { uploads } = JSON.parse(run.stdout);
    expect(uploads.map((u: { status: string }) => u.status).sort()).toEqual(["published", "rejected"]);
  });

  it("reprocesses an upload and reports its outcome as JSON", () => {
    const run = gongkai("reprocess", "uploads/json-dept/2019/a.xlsx", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      key: "uploads/json-dept/2019/a.xlsx",
      upload: { status: "published" },
    });
    // Listed newest upload first, as S3 received them: the reprocessed older one does not move up.
    const listed = JSON.parse(gongkai("status", "--department", "json-dept", "--json").stdout) as {
      uploads: { key: string }[];
    };
    const keys = listed.uploads.map((upload) => upload.key);
    expect(keys.indexOf("uploads/json-dept/2019/b.xlsx")).toBeLessThan(
      keys.indexOf("uploads/json-dept/2019/a.xlsx"),
    );
    const missing = gongkai("reprocess", "uploads/json-dept/2019/never.xlsx", "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe("cli.no_such_upload");
  });

  it("says there is nothing to redrive, and exits 0", () => {
    const run = gongkai("redrive");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("nothing to redrive\n");
    expect(JSON.parse(gongkai("redrive", "--json").stdout)).toEqual({
      ok: true,
      target: "local",
      replayed: 0,
      failed: 0,
    });
  });
});

describe("gongkai doctor", () => {
  it("passes on the running local stack, each server checked", () => {
    const run = gongkai("doctor", "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, target: "local" });
    const names = report.checks.map((check: { name: string }) => check.name);
    expect(names).toEqual(
      expect.arrayContaining(["node", "target", "table", "uploads", "feed bucket", "feed", "mail"]),
    );
    expect(report.checks.filter((check: { level: string }) => check.level === "fail")).toEqual([]);
    const node = report.checks.find((check: { name: string }) => check.name === "node");
    if (Number(process.versions.node.split(".")[0]) < 22) {
      expect(node).toMatchObject({ level: "warn", detail: expect.stringMatching(/need Node 22/) });
    }
    expect(gongkai("doctor").stdout).toMatch(
      /^✔ table\s+gongkai is readable; \d+ department\(s\) registered$/m,
    );
  });

  it("checks an AWS target's table and buckets where they are, and says what to set when the table is not there", async () => {
    const healthy = gongkaiWith(await asAws("gongkai"), "doctor", "--json");
    expect(healthy.code).toBe(0);
    const report = JSON.parse(healthy.stdout);
    expect(report).toMatchObject({ ok: true, target: "aws" });
    expect(report.checks).toContainEqual(expect.objectContaining({ name: "uploads", level: "ok" }));
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        name: "queue",
        level: "warn",
        fix: expect.stringContaining("IngestQueueUrl"),
      }),
    );
    const broken = gongkaiWith(await asAws("gongkai-prod-typo"), "doctor");
    expect(broken.code).toBe(3);
    expect(broken.stdout).toMatch(/^✖ table\s+ResourceNotFoundException/m);
    expect(broken.stdout).toMatch(
      /→ check GONGKAI_TABLE against the stack's TableName output and AWS_REGION/,
    );
    const status = gongkaiWith(await asAws("gongkai-prod-typo"), "status", "--json");
    expect(status.code).toBe(3);
    expect(JSON.parse(status.stdout).error.code).toBe("aws.not_found");
  });
});

describe("terminal escapes through the pipeline", () => {
  it("shows a hostile workbook's sheet name, cell text and file name escaped in upload and status", () => {
    const upload = gongkai("upload", HOSTILE_FILE, "--department", "json-dept", "--year", "2019");
    expect(upload.code).toBe(1);
    const status = gongkai("status", "--department", "json-dept");
    for (const run of [upload, status]) {
      for (const control of TERMINAL_CONTROLS) {
        expect(run.stdout).not.toContain(control);
        expect(run.stderr).not.toContain(control);
      }
      expect(run.stdout).toContain("report\\x1b]0;title\\x07.xlsx");
    }
    expect(upload.stdout).toContain("\\x1bc三、依申请公开\\x07\\u202e!F5");
    expect(upload.stdout).not.toMatch(/^✔/m);
  });
});
