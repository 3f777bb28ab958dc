import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CliEnvironment } from "../config";
import { uploadKey } from "../storage-layout";
import { defineCommand, EXIT, type ExitCode, LANGUAGE, type Lang } from "./command";
import { startDev, untilInterrupted } from "./dev";
import { joined, safe, type Terminal } from "./terminal";

/** The example departments and their workbooks (examples/*.xlsx, written by scripts/make-examples.ts). */
const DEPARTMENTS = [
  { id: "nx-office", name: "自治区人民政府办公厅", emails: ["office@example.gov.cn"] },
  {
    id: "county-amr",
    name: "某县市场监督管理局",
    emails: ["amr@example.gov.cn", "amr-deputy@example.gov.cn"],
  },
  { id: "city-edu", name: "某市教育局", emails: ["edu@example.gov.cn"] },
];
const UPLOADS = [
  { file: "nx-office-2019.xlsx", department: "nx-office", year: 2019 },
  { file: "county-amr-2023.xlsx", department: "county-amr", year: 2023 },
  { file: "county-amr-2024.xlsx", department: "county-amr", year: 2024 },
  { file: "city-edu-2024.xlsx", department: "city-edu", year: 2024 },
];

const HEADINGS: Record<Lang, readonly [string, string, string, string, string]> = {
  zh: [
    "1. 登记单位",
    "2. 上传（经 S3，由处理函数处理）",
    "3. 公开数据（feed）",
    "4. 已发邮件",
    "5. 填报台（desk API）",
  ],
  en: [
    "1. departments",
    "2. uploads (through S3, processed by the ingest handler)",
    "3. the feed",
    "4. emails sent",
    "5. the desk API",
  ],
};

/** The clerk whose sign-in the demo hands out, for the desk's page. */
const DEMO_CLERK = { department: "city-edu", email: "edu@example.gov.cn" };

/** The main job: the example workbooks through the whole pipeline on the local stack, and what happened. */
export const demo = defineCommand({
  name: "demo",
  purpose: "run the example workbooks through the whole pipeline, and show what happened",
  details:
    "Registers three departments, uploads four workbooks from examples/ through S3, and prints each outcome, " +
    "the feed's URLs and the mails sent. The stack stays up until Ctrl-C, unless --once.",
  options: { once: { type: "boolean", description: "stop when shown" }, ...LANGUAGE },
  examples: [{ command: "gongkai demo --once", does: "the whole pipeline, then stop" }],
  environment: ["GONGKAI_HOME"],
  json: false,
  run: ({ options }, { term, env }) => runDemo(term, env, options.lang, Boolean(options.once)),
});

async function runDemo(term: Terminal, env: CliEnvironment, lang: Lang, once: boolean): Promise<ExitCode> {
  const { PutObjectCommand } = await import("@aws-sdk/client-s3");
  const { feedPaths } = await import("../core/feed");
  const { readLocalMailbox } = await import("../local/mailbox");
  const { printOutcome } = await import("./report-text");
  const stack = await startDev(term, env, false);
  const since = Math.floor(Date.now() / 1000);
  try {
    term.out();
    const [departments, uploads, feed, mails, desk] = HEADINGS[lang];
    term.out(term.bold(departments));
    for (const department of DEPARTMENTS) {
      await stack.ports.departments.put(department);
      term.out(safe`  ${department.id.padEnd(11)} ${department.name}  → ${joined(department.emails, ", ")}`);
    }
    term.out();
    term.out(term.bold(uploads));
    const examples = join(import.meta.dirname, "..", "..", "examples");
    for (const upload of UPLOADS) {
      const key = uploadKey(upload.department, upload.year, upload.file);
      const body = await readFile(join(examples, upload.file));
      await stack.clients.s3.send(
        new PutObjectCommand({ Bucket: stack.config.uploadsBucket, Key: key, Body: body }),
      );
      await stack.settle();
      const record = (await stack.ports.uploads.list(upload.department))
        .filter((item) => item.key === key)
        .sort((a, b) => (a.order < b.order ? 1 : -1))[0];
      const reportUrl = `${stack.endpoints.feed}/${feedPaths.report(upload.year, upload.department)}`;
      if (record) printOutcome(term, record, reportUrl, { lang, verbose: false });
    }
    term.out();
    term.out(term.bold(feed));
    const index = (await (await fetch(`${stack.endpoints.feed}/${feedPaths.index}`)).json()) as {
      years: { year: number; reports: number; paths: { year: string; summary: string } }[];
    };
    for (const year of index.years) {
      const reports = lang === "zh" ? `${year.reports} 份报告` : `${year.reports} report(s)`;
      term.out(`  ${year.year}: ${reports}  ${stack.endpoints.feed}/${year.paths.year}`);
      const doc = (await (await fetch(`${stack.endpoints.feed}/${year.paths.year}`)).json()) as {
        reports: { department: { id: string; name: string }; headline: Record<string, number> }[];
      };
      for (const report of doc.reports) {
        const h = report.headline;
        term.out(
          `        ${report.department.name}: 收到申请 ${h.applicationsReceived}，办结 ${h.resultsTotal}，` +
            `予以公开 ${h.disclosed}，部分公开 ${h.partiallyDisclosed}，行政复议 ${h.reconsiderations}，行政诉讼 ${h.lawsuits}`,
        );
      }
      term.out(`        summary  ${stack.endpoints.feed}/${year.paths.summary}`);
    }
    term.out(`  index  ${stack.endpoints.feed}/${feedPaths.index}`);
    term.out();
    term.out(term.bold(mails));
    const sent = (await readLocalMailbox(stack.endpoints.ses)).filter(
      (mail) => Date.parse(mail.at) / 1000 >= since - 1,
    );
    for (const mail of sent) {
      term.out(safe`  to ${joined(mail.to, ", ")}`);
      term.out(safe`  ${term.bold(mail.subject)}`);
      for (const line of mail.text
        .split("\n")
        .filter((l) => l.trim())
        .slice(0, 4))
        term.out(`    ${line}`);
      term.out();
    }
    term.out(term.bold(desk));
    await showClerk(term, stack);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  if (once) await stack.stop();
  else await untilInterrupted(stack, term);
  return EXIT.done;
}

/** The desk API's base URL and a clerk's sign-in with a fresh temporary password (each run: a new one). */
async function showClerk(term: Terminal, stack: import("../local/stack").LocalStack): Promise<void> {
  const { composeSignIns } = await import("../compose");
  const { localConfig } = await import("../local/stack");
  const pool = composeSignIns(localConfig(stack.endpoints).aws, stack.endpoints.userPoolId, "print");
  try {
    const invitation = await pool.signIns.invite(DEMO_CLERK.email, DEMO_CLERK.department);
    const password =
      invitation.status === "created"
        ? invitation.temporaryPassword
        : await pool.signIns.reissue(DEMO_CLERK.email);
    term.out(
      safe`  API        ${stack.endpoints.api}   (GET /me, POST /uploads, GET /uploads?year=, GET /uploads/{id})`,
    );
    term.out(
      safe`  sign-in    ${DEMO_CLERK.email} (${DEMO_CLERK.department})   temporary password ${password ?? ""}`,
    );
    term.out(
      safe`  pool       ${stack.endpoints.userPoolId}, client ${stack.endpoints.userPoolClientId}, at ${stack.endpoints.cognito} (USER_PASSWORD_AUTH, then NEW_PASSWORD_REQUIRED)`,
    );
  } finally {
    pool.close();
  }
}
