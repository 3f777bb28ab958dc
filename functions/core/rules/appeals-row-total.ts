import { relationRule, totalMessage } from "./relation-rule";

/**
 * `appeals.row_total`. Rule 4: for every row of section 四, 总计 is 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
 * Which cells are summed is the format description's relation of this code.
 */
export const appealsRowTotal = relationRule("appeals.row_total", totalMessage);
