import { SEASON_VARIABLES } from "../config";
import type { SeasonStatus } from "../core/season/record";
import { regionId, reportYear } from "./arguments";
import { defineCommand, EXIT, LANGUAGE, UsageError } from "./command";
import { joined, padded, safe } from "./terminal";

/** The statuses as the roster prints them. */
const STATUS_WORDS: Record<SeasonStatus, { zh: string; en: string }> = {
  not_received: { zh: "未报送", en: "not received" },
  rejected: { zh: "未通过", en: "rejected" },
  published_with_warnings: { zh: "已发布（有提醒）", en: "published, with warnings" },
  published: { zh: "已发布", en: "published" },
};

/** `gongkai season`: who has reported for a year, those still owing first. */
export const season = defineCommand({
  name: "season",
  purpose: "who has reported for a year: counts per status, then the departments, those still owing first",
  details:
    "Every registered department has one status: published, published_with_warnings, rejected (its latest " +
    "upload was rejected and nothing is published) or not_received. Read by paged queries of the roster " +
    "index, never a scan. --csv prints the departments as a table for a spreadsheet (UTF-8 with a BOM).",
  options: {
    year: {
      type: "string",
      value: "YEAR",
      parse: reportYear,
      required: true,
      description: "the report year",
    },
    region: {
      type: "string",
      value: "REGION",
      parse: regionId,
      description: "only the departments of this region and the regions below it",
    },
    csv: { type: "boolean", description: "print the departments as CSV instead" },
    ...LANGUAGE,
  },
  examples: [
    { command: "gongkai season --year 2024", does: "the province's season" },
    { command: "gongkai season --year 2024 --region city-a --csv > city-a.csv", does: "one city, for Excel" },
  ],
  environment: SEASON_VARIABLES,
  json: true,
  async run({ options }, { term, env }) {
    if (options.csv && options.json) throw new UsageError("give --csv or --json, not both");
    const { onSeason, refused } = await import("./season-target");
    const { seasonRoster } = await import("../season/roster");
    return onSeason(env, async (season, t) => {
      const roster = await seasonRoster(season, { year: options.year, region: options.region ?? null });
      if (!roster.ok) throw refused(roster, { unknown_region: `no region ${roster.region} is registered` });
      const { ok: _ok, ...shown } = roster;
      term.emit({ ok: true, target: t.kind, ...shown });
      const lang = options.lang;
      if (options.csv) {
        const cell = (value: string | number | null) => {
          const text = value === null ? "" : String(value);
          return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
        };
        term.out(`\uFEFFid,name,region,status,lastUploadAt,errors`);
        for (const d of roster.departments) {
          term.out(joined([d.id, d.name, d.region, d.status, d.lastUploadAt, d.errors].map(cell), ","));
        }
        return EXIT.done;
      }
      const where = roster.region ? safe` ${roster.region}` : "";
      term.out(
        lang === "zh"
          ? safe`${roster.year} 年度${where}：截止日期 ${roster.deadline}`
          : safe`${roster.year}${where}: due by ${roster.deadline}`,
      );
      term.out(
        joined(
          (Object.keys(STATUS_WORDS) as SeasonStatus[]).map(
            (status) => `${STATUS_WORDS[status][lang]} ${roster.counts[status]}`,
          ),
          "  ",
        ),
      );
      for (const d of roster.departments) {
        const word = STATUS_WORDS[d.status][lang];
        const painted =
          d.status === "published"
            ? term.green(word)
            : d.status === "published_with_warnings"
              ? term.yellow(word)
              : term.red(word);
        const errors = d.errors === null ? "" : lang === "zh" ? `${d.errors} 处错误` : `${d.errors} errors`;
        const withdrawn = d.withdrawn
          ? lang === "zh"
            ? `已撤回：${d.withdrawn.reason}`
            : `withdrawn: ${d.withdrawn.reason}`
          : "";
        term.out(
          safe`${padded(painted, 18)} ${padded(d.id, 20)} ${padded(d.name, 24)} ${padded(d.region ?? "-", 12)} ${d.lastUploadAt?.slice(0, 16) ?? "-"}  ${errors}${errors && withdrawn ? "  " : ""}${withdrawn}`,
        );
      }
      return EXIT.done;
    });
  },
});
