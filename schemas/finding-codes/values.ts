import { type CodeEntry, VALUE_WHY } from "./entry";

/** Values of their kind (rule 5). */
export const VALUE_CODES = {
  "value.not_a_number": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "数字单元格里不是数字（如“约20”“十四”）。",
      en: "A number cell holds no number (`约20`, `十四`).",
    },
    why: VALUE_WHY,
  },
  "value.not_whole": {
    severity: "error",
    specRule: 5,
    what: { zh: "件数不是整数。", en: "A count is not a whole number." },
    why: VALUE_WHY,
  },
  "value.negative": {
    severity: "error",
    specRule: 5,
    what: { zh: "件数或金额为负数。", en: "A count or amount is negative." },
    why: VALUE_WHY,
  },
  "value.too_precise": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "金额超过 6 位小数（以万元计，精确到分）。",
      en: "An amount has more than 6 decimals (万元, to the 分).",
    },
    why: VALUE_WHY,
  },
  "value.too_large": {
    severity: "error",
    specRule: 5,
    what: { zh: "数字大得不合常理。", en: "A number is implausibly large." },
    why: {
      zh: "十亿件申请只可能是打字错误或恶意文件，而且超出精确运算的范围。",
      en: "A billion requests can only be a typo or a hostile file, and is beyond exact arithmetic.",
    },
  },
  "value.formula_error": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "公式计算出错（#REF!、#DIV/0! 等）。",
      en: "A formula evaluates to an error (#REF!, #DIV/0!…).",
    },
    why: VALUE_WHY,
  },
  "value.formula_uncached": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "公式没有保存计算结果。",
      en: "A formula was saved without its computed value.",
    },
    why: VALUE_WHY,
  },
  "value.merged_cells": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "一个合并单元格跨了两个或更多数字单元格。",
      en: "One merged cell covers two or more number cells.",
    },
    why: {
      zh: "合并后只有一个数字，却要算作几个单元格的数字：无论复制给每一格还是只给第一格，发布的都是没人填写过的数。",
      en: "A merge holds one number for several cells: copied into each or given to the first only, the published numbers are ones nobody wrote.",
    },
  },
  "value.unit_from_header": {
    severity: "warning",
    what: {
      zh: "金额按表头写明的单位（元、亿元）换算成了万元。",
      en: "An amount was converted to 万元 by the unit its column header names (元, 亿元).",
    },
    why: {
      zh: "若单元格实际填的是万元，换算会差一万倍；请确认。",
      en: "If the clerk typed 万元 under a 元 header, the conversion is 10,000× off; check it.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
