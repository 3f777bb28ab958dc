import { createContext } from "preact";
import { useContext } from "preact/hooks";

/**
 * The portal's own words (its headings and buttons) in both languages. Every label of a report — table,
 * row, column, headline number — comes from the feed's format documents, never from here.
 */

export type Lang = "zh" | "en";

const WORDS = {
  title: { zh: "政府信息公开工作年度报告", en: "Annual reports on government information disclosure" },
  switchLanguage: { zh: "English", en: "中文" },
  switchLanguageName: { zh: "Switch to English", en: "切换到中文" },
  year: { zh: "年度", en: "Year" },
  overview: { zh: "年度概况", en: "Overview of the year" },
  reported: { zh: "已发布报告的单位", en: "Departments that published" },
  withWarnings: { zh: "其中有提醒的", en: "of them with warnings" },
  outcomes: { zh: "申请办理结果（占办理结果总计）", en: "How requests ended (share of requests handled)" },
  shareOfTotal: { zh: "占办理结果总计", en: "share of requests handled" },
  share: { zh: "占比", en: "Share" },
  count: { zh: "数量", en: "Number" },
  departments: { zh: "各单位", en: "Departments" },
  department: { zh: "单位", en: "Department" },
  search: { zh: "搜索单位", en: "Search departments" },
  format: { zh: "格式", en: "Format" },
  allFormats: { zh: "全部格式", en: "All formats" },
  warnings: { zh: "提醒", en: "Warnings" },
  anyWarnings: { zh: "不限", en: "Any" },
  onlyWarnings: { zh: "有提醒", en: "With warnings" },
  noWarnings: { zh: "无提醒", en: "Without warnings" },
  downloadCsv: { zh: "下载本年全部数据（CSV）", en: "Download the year (CSV)" },
  compare: { zh: "对比所选单位", en: "Compare the selected" },
  select: { zh: "选择", en: "Select" },
  shown: { zh: "显示", en: "Showing" },
  publishedAt: { zh: "发布时间", en: "Published" },
  source: { zh: "来源文件", en: "Source file" },
  explanation: { zh: "单位说明", en: "The department's explanation" },
  noWarningsInReport: { zh: "本报告没有提醒。", en: "This report has no warnings." },
  revisions: { zh: "更正记录", en: "Revisions" },
  noRevisions: { zh: "没有更正。", en: "No earlier versions." },
  replacedAt: { zh: "被替换于", en: "replaced at" },
  withdrawn: { zh: "已撤回", en: "withdrawn" },
  acrossYears: { zh: "历年变化", en: "Across years" },
  notComparable: {
    zh: "格式变化后口径不同，不连线",
    en: "not comparable across the change of format: the line is broken",
  },
  loading: { zh: "加载中…", en: "Loading…" },
  failed: { zh: "加载失败", en: "Failed to load" },
  back: { zh: "返回年度概况", en: "Back to the overview" },
  compareTitle: { zh: "单位对比", en: "Departments side by side" },
  chartTable: { zh: "图表数据", en: "The chart's numbers" },
  noData: { zh: "暂无已发布的报告。", en: "No published report yet." },
  sortBy: { zh: "排序", en: "Sort by" },
} as const;

export type Word = keyof typeof WORDS;

export const LangContext = createContext<Lang>("zh");

/** The words in the page's language. */
export function useWords(): {
  lang: Lang;
  t: (word: Word) => string;
  pick: (text: { zh: string; en: string }) => string;
} {
  const lang = useContext(LangContext);
  return { lang, t: (word) => WORDS[word][lang], pick: (text) => text[lang] };
}

// Formatters made once: toLocaleString with options builds one per call, and a year's table formats
// thousands of numbers (a second of a 1,000-report year's first render on this machine).
const NUMBERS = {
  zh: new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 6 }),
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 6 }),
};
const SHARES = {
  zh: new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }),
};

/** Chinese names in the order a Chinese reader looks them up (one collator, made once). */
export const compareNames = new Intl.Collator("zh-CN").compare;

/** A number for reading: grouped digits. */
export function formatNumber(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return "—";
  return NUMBERS[lang].format(value);
}

/** A share 0..1 as a percentage. */
export function formatShare(value: number | null, lang: Lang): string {
  if (value === null) return "—";
  return `${SHARES[lang].format(value * 100)}%`;
}
