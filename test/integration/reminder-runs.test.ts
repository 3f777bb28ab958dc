import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../functions/config";
import { startLambda } from "../../functions/local/lambda-server";
import { clearLocalMailbox, type LocalMail, readLocalMailbox } from "../../functions/local/mailbox";
import { LOCAL_CREDENTIALS } from "../../functions/local/servers";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";
import { placeDepartment } from "../../functions/season/register";
import { REMINDERS_AT_ONCE, type RunBudget, remind } from "../../functions/season/remind";
import type { ReminderEvent } from "../../functions/season/remind-runs";
import type { ReportTables } from "../../schemas/report";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * A reminder round too big for one run, on the local stack (real DynamoDB and SES servers): the use case
 * stopped by its time budget part-way, the next run finishing the round with every department that owes
 * a report mailed once; and the reminder function handing the rest of a round on to its next run through
 * Lambda's Invoke API on loopback, as on AWS, and failing instead of handing on when a run did nothing.
 */

const FUNCTION = "gongkai-local-remind";
/** Owing departments with an address: more than two batches' worth, so a run can stop between them. */
const OWING = 2 * REMINDERS_AT_ONCE + 8;

let stack: LocalStack;
let home: string;
let lambda: { endpoint: string; close(): Promise<void> };
/** The events the reminder function was invoked with through the local Invoke endpoint. */
const invoked: unknown[] = [];
let handler: typeof import("../../functions/season/remind-handler")["handler"];
/** The DynamoDB calls made while `calls.on`. */
const calls = { on: false, made: [] as string[] };

async function recorded<T>(work: () => Promise<T>): Promise<T> {
  calls.made = [];
  calls.on = true;
  try {
    return await work();
  } finally {
    calls.on = false;
  }
}

/** A budget with time for `batches` batches, then none. */
function budgetFor(batches: number): RunBudget {
  let left = batches;
  return { reserveMs: 60_000, remainingMs: () => (left-- > 0 ? 600_000 : 1_000) };
}

/** A Lambda context whose remaining time allows `batches` batches (the handler's reserve is 90 s). */
function contextFor(batches: number) {
  const budget = budgetFor(batches);
  return { functionName: FUNCTION, getRemainingTimeInMillis: () => budget.remainingMs() };
}

const address = (i: number) => `owing-${String(i).padStart(2, "0")}@example.gov.cn`;

async function upload(department: string, tables: ReportTables) {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/2024/r.xlsx`,
      Body: nationalWorkbook("2021", tables),
    }),
  );
  await stack.settle();
}

/** How many reminder mails each address got (the operator's list of who is late apart). */
function perAddress(mails: LocalMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails.filter((m) => !m.to.includes("operator@localhost")))
    for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

/** Every owing department's address, each mailed once. */
const everyOwingOnce = () =>
  new Map([...Array.from({ length: OWING }, (_, i) => [address(i), 1] as const), ["rej@example.gov.cn", 1]]);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-reminder-runs-"));
  stack = await startLocalStack({ home });
  stack.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      if (calls.on) calls.made.push(context.commandName ?? "");
      return next(args);
    },
    { step: "initialize", name: "reminderCallLog" },
  );
  const departments = [
    ...Array.from({ length: OWING - 1 }, (_, i) => ({
      id: `owing-${String(i).padStart(2, "0")}`,
      emails: [address(i)],
    })),
    { id: "pub", emails: ["pub@example.gov.cn"] },
    { id: "rej", emails: ["rej@example.gov.cn"] },
    { id: "zm-mute", emails: [] },
    // Last in the roster's order, so that the stopped run cannot have reached it.
    { id: "zz-owing", emails: [address(OWING - 1)] },
  ];
  for (let i = 0; i < departments.length; i += 8) {
    await Promise.all(
      departments.slice(i, i + 8).map(async ({ id, emails }) => {
        const registered = await placeDepartment(stack.season, {
          id,
          name: `部门${id}`,
          emails,
          parent: null,
        });
        expect(registered.ok, id).toBe(true);
      }),
    );
  }
  await upload("pub", county2024Tables());
  const broken = county2024Tables();
  broken.applications.received!.total = 49;
  await upload("rej", broken);

  // The reminder function as Lambda runs it: configured from its environment when loaded.
  lambda = await startLambda({
    [FUNCTION]: async (payload) => {
      invoked.push(payload);
      return null;
    },
  });
  const config = localConfig(stack.endpoints);
  Object.assign(process.env, {
    [ENV.uploadsBucket]: config.uploadsBucket,
    [ENV.feedBucket]: config.feedBucket,
    [ENV.table]: config.table,
    [ENV.mailFrom]: config.mailFrom,
    [ENV.operatorEmail]: config.operatorEmail,
    [ENV.feedBaseUrl]: config.feedBaseUrl,
    AWS_REGION: stack.endpoints.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SESV2: stack.endpoints.ses,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
  });
  ({ handler } = await import("../../functions/season/remind-handler"));
});

afterAll(async () => {
  await lambda?.close();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("a reminder round over several runs", () => {
  it("stops part-way when its time is short, says so, and the next run finishes the round: each owing department mailed once", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    const first = await remind(stack.season, {
      year: 2024,
      round: "d-14",
      dryRun: false,
      budget: budgetFor(2),
    });
    if (!first.ok) throw new Error(first.problem);
    expect(first.complete).toBe(false);
    expect(first.reminders).toHaveLength(2 * REMINDERS_AT_ONCE);
    const sentFirst = first.reminders.filter((r) => r.result === "sent").length;
    expect(sentFirst).toBe(2 * REMINDERS_AT_ONCE);
    const mailed = perAddress(await readLocalMailbox(stack.endpoints.ses));
    expect(mailed.size).toBe(sentFirst);
    expect(mailed.has(address(OWING - 1))).toBe(false);

    const second = await remind(stack.season, {
      year: 2024,
      round: "d-14",
      dryRun: false,
      budget: budgetFor(100),
    });
    if (!second.ok) throw new Error(second.problem);
    expect(second.complete).toBe(true);
    expect(second.reminders.filter((r) => r.result === "already")).toHaveLength(sentFirst);
    expect(second.reminders.filter((r) => r.result === "sent")).toHaveLength(OWING + 1 - sentFirst);
    expect(perAddress(await readLocalMailbox(stack.endpoints.ses))).toEqual(everyOwingOnce());
    expect(second.reminders.find((r) => r.department === "zm-mute")).toMatchObject({ result: "no_address" });
    expect(second.reminders.map((r) => r.department)).not.toContain("pub");
  });

  it("skips the departments a round reminded without a request of its own: the roster's queries alone", async () => {
    const again = await recorded(() => remind(stack.season, { year: 2024, round: "d-14", dryRun: false }));
    if (!again.ok) throw new Error(again.problem);
    expect(again.complete).toBe(true);
    expect(again.reminders.filter((r) => r.result === "already")).toHaveLength(OWING + 1);
    // Departments, then the year's season records: one page of each here, whatever the number skipped;
    // the one department never written (it has no address) is looked up directly, with the page's others.
    expect(calls.made).toEqual(["QueryCommand", "QueryCommand", "BatchGetItemCommand"]);
  });

  it("tells the operator who is late only once the round is complete, the departments of every run listed", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    const first = await remind(stack.season, {
      year: 2024,
      round: "d+1",
      dryRun: false,
      budget: budgetFor(1),
    });
    if (!first.ok) throw new Error(first.problem);
    expect(first.complete).toBe(false);
    expect(first.operator).toBeNull();
    const second = await remind(stack.season, { year: 2024, round: "d+1", dryRun: false });
    if (!second.ok) throw new Error(second.problem);
    expect(second.complete).toBe(true);
    expect(second.operator).toMatchObject({ late: OWING + 2, result: "sent" });
    const mails = await readLocalMailbox(stack.endpoints.ses);
    const operator = mails.filter((mail) => mail.to.includes("operator@localhost"));
    expect(operator).toHaveLength(1);
    expect(operator[0]!.text).toMatch(/owing-00/);
    expect(operator[0]!.text).toMatch(/zz-owing/);
    expect(perAddress(mails)).toEqual(everyOwingOnce());
  });
});

describe("the reminder function", () => {
  it("hands the rest of the round on to its next run when its time runs short, and that run finishes it", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    invoked.length = 0;
    const first = await handler({ year: 2024, round: "d-3" }, contextFor(1));
    expect(first).toMatchObject({ run: 0, complete: false, sent: REMINDERS_AT_ONCE });
    expect(invoked).toEqual([{ year: 2024, round: "d-3", run: 1 } satisfies ReminderEvent]);

    const next = await handler(invoked[0] as ReminderEvent, contextFor(100));
    expect(next).toMatchObject({ run: 1, complete: true, failed: 0 });
    expect(invoked).toHaveLength(1);
    expect(perAddress(await readLocalMailbox(stack.endpoints.ses))).toEqual(everyOwingOnce());
  });

  it("fails, handing nothing on, when a run of a round reminded nobody", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    invoked.length = 0;
    await expect(handler({ year: 2023, round: "d-14", run: 3 }, contextFor(0))).rejects.toThrow(
      /run 3 of round d-14 of 2023 reminded nobody/,
    );
    expect(invoked).toEqual([]);
    expect(await readLocalMailbox(stack.endpoints.ses)).toEqual([]);
  });
});
