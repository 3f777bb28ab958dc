import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { readLocalMailbox } from "../functions/local/mailbox";
import { startLocalStack } from "../functions/local/stack";
import { placeDepartment, registerRegion } from "../functions/season/register";
import { remind } from "../functions/season/remind";
import { seasonRoster } from "../functions/season/roster";
import { nationalWorkbook } from "../test/fixtures/layouts/national-template";
import { county2024Tables } from "../test/fixtures/reports/county-2021";
import { prng } from "./seed-year";
import { meter } from "./traffic";

/**
 * A province's season on the local stack: 1 province, 15 cities, 150 counties, and 6,000 departments
 * spread over them (a few at each level above), registered, then uploading through S3 (85% a valid
 * report, 5% one with errors, 10% nothing), handled by several consumers at once; then the roster and a
 * reminder round. Checks the sums add up, and measures uploads per second, the roster's time, and what a
 * publish three region levels deep costs.
 */
export async function benchSeason(count = 6_000, consumers = 4): Promise<Record<string, number | string>> {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-season-"));
  const stack = await startLocalStack({ home, consumers });
  const { season } = stack;
  const random = prng(6000);
  const results: Record<string, number | string> = {};
  const seconds = (since: number) => (performance.now() - since) / 1000;
  const inParallel = async <T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>) => {
    for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
  };
  try {
    let started = performance.now();
    await registerRegion(season, { id: "prov", name: "某省", parent: null });
    const cities = Array.from({ length: 15 }, (_, c) => `city-${c}`);
    const counties = cities.flatMap((city) => Array.from({ length: 10 }, (_, k) => `${city}-county-${k}`));
    await inParallel(cities, 8, (city) =>
      registerRegion(season, { id: city, name: `${city}市`, parent: "prov" }),
    );
    await inParallel(counties, 8, (county) =>
      registerRegion(season, { id: county, name: `${county}县`, parent: county.replace(/-county-\d+$/, "") }),
    );
    const parents = ["prov", ...cities, ...counties];
    const departments = Array.from({ length: count }, (_, i) => ({
      id: `dept-${String(i).padStart(5, "0")}`,
      // Most in a county, some in a city or the province itself.
      parent: i % 40 === 0 ? parents[i % 16]! : counties[i % counties.length]!,
    }));
    await inParallel(departments, 8, ({ id, parent }) =>
      placeDepartment(season, { id, name: `部门${id}`, emails: [`${id}@example.gov.cn`], parent }),
    );
    results["regions / departments registered"] =
      `${parents.length} / ${count} in ${seconds(started).toFixed(0)} s`;

    const valid = nationalWorkbook("2021", county2024Tables());
    const broken = county2024Tables();
    broken.applications.received!.total = 49;
    const rejected = nationalWorkbook("2021", broken);
    const plan = departments.map(({ id }) => {
      const roll = random();
      return { id, kind: roll < 0.85 ? "valid" : roll < 0.9 ? "rejected" : "none" };
    });
    const uploading = plan.filter((entry) => entry.kind !== "none");
    started = performance.now();
    await inParallel(uploading, 16, ({ id, kind }) =>
      stack.clients.s3.send(
        new PutObjectCommand({
          Bucket: stack.config.uploadsBucket,
          Key: `uploads/${id}/2024/report.xlsx`,
          Body: kind === "valid" ? valid : rejected,
        }),
      ),
    );
    await stack.settle();
    const uploadTime = seconds(started);
    results[`uploads through the local stack (${consumers} consumers)`] =
      `${uploading.length} in ${uploadTime.toFixed(0)} s: ${(uploading.length / uploadTime).toFixed(1)} per second`;

    const expected = plan.filter((entry) => entry.kind === "valid").length;
    const summary = (await (await fetch(`${stack.endpoints.feed}/v1/summary/2024.json`)).json()) as {
      departments: number;
      tables: { applications: { received: { total: number } } };
    };
    const province = (await (await fetch(`${stack.endpoints.feed}/v1/regions/prov/2024.json`)).json()) as {
      counts: { registered: number; reported: number };
    };
    const right =
      summary.departments === expected &&
      summary.tables.applications.received.total === 48 * expected &&
      province.counts.reported === expected &&
      province.counts.registered === count;
    results["sums after the season (year and province)"] = right
      ? `right: ${expected} reports, ${48 * expected} requests`
      : `WRONG: ${JSON.stringify({ expected, summary: summary.departments, province: province.counts })}`;

    started = performance.now();
    const roster = await seasonRoster(season, { year: 2024, region: null });
    results["roster of the province (gongkai season --year 2024)"] =
      `${seconds(started).toFixed(2)} s: ${roster.ok ? JSON.stringify(roster.counts) : roster.problem}`;
    started = performance.now();
    const city = await seasonRoster(season, { year: 2024, region: "city-3" });
    results["roster of one city (--region city-3)"] =
      `${seconds(started).toFixed(2)} s, ${city.ok ? city.departments.length : 0} departments`;

    started = performance.now();
    const dry = await remind(season, { year: 2024, round: "d-3", dryRun: true });
    results["remind --dry-run"] =
      `${seconds(started).toFixed(2)} s, ${dry.ok ? dry.reminders.length : 0} would be reminded`;
    const traffic = meter(stack.clients);
    started = performance.now();
    traffic.reset();
    const sent = await remind(season, { year: 2024, round: "d-3", dryRun: false });
    const sendTime = seconds(started);
    const sendRequests = traffic.dynamodb.reads + traffic.dynamodb.writes;
    traffic.reset();
    const againStarted = performance.now();
    const again = await remind(season, { year: 2024, round: "d-3", dryRun: false });
    const againTime = seconds(againStarted);
    const skipRequests = traffic.dynamodb.reads + traffic.dynamodb.writes;
    const mails = (await readLocalMailbox(stack.endpoints.ses)).filter((mail) =>
      /报送提醒/.test(mail.subject),
    );
    const sentCount = sent.ok ? sent.reminders.filter((r) => r.result === "sent").length : 0;
    const skipped = again.ok ? again.reminders.filter((r) => r.result === "already").length : 0;
    results["remind, twice"] =
      `${seconds(started).toFixed(2)} s; sent ${sentCount}, ` +
      `then ${again.ok ? again.reminders.filter((r) => r.result === "sent").length : 0}; ${mails.length} reminder mails in all`;
    results["remind: mails per second, DynamoDB requests per mail"] =
      `${(sentCount / sendTime).toFixed(0)} /s; ${(sendRequests / Math.max(1, sentCount)).toFixed(2)} (${sendRequests} for ${sentCount}, the roster's pages included)`;
    results["remind again: DynamoDB requests per department skipped"] =
      `${(skipRequests / Math.max(1, skipped)).toFixed(4)} (${skipRequests} for ${skipped}, all the roster's pages; ${againTime.toFixed(2)} s)`;

    // One more publish, three region levels deep, with the season's 5,000 already in.
    const late = plan.find(
      (entry) =>
        entry.kind === "none" && departments.find((d) => d.id === entry.id)!.parent.includes("county"),
    )!;
    traffic.reset();
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.config.uploadsBucket,
        Key: `uploads/${late.id}/2024/report.xlsx`,
        Body: valid,
      }),
    );
    await stack.settle();
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    results["one publish 3 region levels deep: DynamoDB reads/writes, KB"] =
      `${traffic.dynamodb.reads}/${traffic.dynamodb.writes}, ${kb(traffic.dynamodb.bytesIn)} read / ${kb(traffic.dynamodb.bytesOut)} written`;
    results["one publish 3 region levels deep: S3 reads/writes, KB"] =
      `${traffic.s3.reads}/${traffic.s3.writes - 1}, ${kb(traffic.s3.bytesIn)} read / ${kb(traffic.s3.bytesOut - valid.byteLength)} written`;
  } finally {
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
  return { ...results, ...(await benchReminderRuns(count >= 6_000 ? 20_000 : 2_000)) };
}

/**
 * One reminder round too big for one run: `count` departments that owe their report, every run given a
 * few seconds (as the reminder function stops before its 15 minutes), each next run walking the roster
 * again and skipping those reminded. Measures the runs, mails per second over the round, the requests
 * per mail, and the cost of the walk past the reminded; checks every department was mailed once.
 */
export async function benchReminderRuns(count: number, runMs = 15_000): Promise<Record<string, string>> {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-reminders-"));
  const stack = await startLocalStack({ home });
  const { season } = stack;
  const results: Record<string, string> = {};
  const seconds = (since: number) => (performance.now() - since) / 1000;
  try {
    let started = performance.now();
    const ids = Array.from({ length: count }, (_, i) => `dept-${String(i).padStart(6, "0")}`);
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(
        ids.slice(i, i + 16).map((id) =>
          placeDepartment(season, {
            id,
            name: `部门${id}`,
            emails: [`${id}@example.gov.cn`],
            parent: null,
          }),
        ),
      );
    }
    results[`round over ${count} departments: registered`] = `in ${seconds(started).toFixed(0)} s`;

    const traffic = meter(stack.clients);
    const runs: { sent: number; already: number; seconds: number; complete: boolean }[] = [];
    const mailed = new Set<string>();
    let sentTwice = 0;
    started = performance.now();
    for (let run = 0; run < 100; run++) {
      const runStarted = performance.now();
      const budget = { reserveMs: 1_000, remainingMs: () => runMs - (performance.now() - runStarted) };
      const report = await remind(season, { year: 2024, round: "d-14", dryRun: false, budget });
      if (!report.ok) throw new Error(report.problem);
      for (const r of report.reminders.filter((r) => r.result === "sent")) {
        if (mailed.has(r.department)) sentTwice++;
        mailed.add(r.department);
      }
      runs.push({
        sent: report.reminders.filter((r) => r.result === "sent").length,
        already: report.reminders.filter((r) => r.result === "already").length,
        seconds: seconds(runStarted),
        complete: report.complete,
      });
      if (report.complete) break;
    }
    const roundTime = seconds(started);
    const requests = traffic.dynamodb.reads + traffic.dynamodb.writes;
    const inbox = (await readLocalMailbox(stack.endpoints.ses)).length;
    results[`round over ${count} departments: runs of ${runMs / 1000} s`] =
      `${runs.length} runs (${runs.map((r) => r.sent).join(" + ")} mails), ${runs.at(-1)?.complete ? "complete" : "NOT complete"}`;
    results[`round over ${count} departments: mails per second over the round`] =
      `${(mailed.size / roundTime).toFixed(0)} /s (${mailed.size} in ${roundTime.toFixed(0)} s)`;
    results[`round over ${count} departments: DynamoDB requests per mail`] =
      `${(requests / Math.max(1, mailed.size)).toFixed(2)} (${requests}, every run's walk of the roster included)`;
    const last = runs.at(-1);
    results[`round over ${count} departments: each department mailed once`] =
      mailed.size === count && sentTwice === 0 && inbox === count
        ? `yes: ${inbox} mails in the mailbox`
        : `NO: ${mailed.size} mailed, ${sentTwice} twice, ${inbox} in the mailbox`;

    traffic.reset();
    started = performance.now();
    const again = await remind(season, { year: 2024, round: "d-14", dryRun: false });
    const skipped = again.ok ? again.reminders.filter((r) => r.result === "already").length : 0;
    results[`round over ${count} departments: a run past them all`] =
      `${seconds(started).toFixed(2)} s, ${traffic.dynamodb.reads + traffic.dynamodb.writes} DynamoDB requests for ${skipped} skipped` +
      (last ? `; the last run skipped ${last.already} in ${last.seconds.toFixed(1)} s` : "");
  } finally {
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
  return results;
}
