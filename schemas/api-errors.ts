/**
 * The desk API's errors: not findings (nothing is wrong with a workbook), but what is wrong with a request.
 * One stable code each, the HTTP status it answers with, and its message in Chinese and English; a code
 * with a detail (which field, which limit) puts the detail into both messages. The response body is
 * `{error: {code, message: {zh, en}}}`.
 */

export interface ApiErrorText {
  zh: string;
  en: string;
}

interface ApiErrorEntry {
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 500;
  message: (detail: string) => ApiErrorText;
}

const fixed = (zh: string, en: string) => () => ({ zh, en });

/** Longest file name the desk takes, in characters: leaves room in S3's 1,024-byte keys for the rest. */
export const MAX_FILE_NAME_CHARS = 200;

/**
 * Why a file name is refused: `request.invalid_file_name`'s detail is one of these codes, so each
 * language's message says it in that language alone.
 */
export const FILE_NAME_PROBLEMS = {
  not_text: { zh: "应为文本", en: "it must be text" },
  empty: { zh: "为空", en: "it is empty" },
  too_long: {
    zh: `超过 ${MAX_FILE_NAME_CHARS} 个字符`,
    en: `it is over ${MAX_FILE_NAME_CHARS} characters long`,
  },
  unshowable: { zh: "含控制字符或不可见字符", en: "it holds control or invisible characters" },
  path_separator: { zh: "含路径分隔符（/ 或 \\）", en: "it holds a path separator (/ or \\)" },
  relative_path: { zh: "以 .. 开头，是相对路径", en: "it starts with .., a relative path" },
  unusable: { zh: "无法使用", en: "it cannot be used as a name" },
} as const satisfies Record<string, ApiErrorText>;

export type FileNameProblem = keyof typeof FILE_NAME_PROBLEMS;

/** Every error code the desk API answers with. */
export const API_ERRORS = {
  "auth.missing_token": {
    status: 401,
    message: fixed(
      "请先登录（缺少 Authorization: Bearer 令牌）。",
      "Sign in first (no Authorization: Bearer token).",
    ),
  },
  "auth.invalid_token": {
    status: 401,
    message: fixed(
      "登录已失效或令牌无效，请重新登录。",
      "The sign-in has expired or the token is not valid; sign in again.",
    ),
  },
  "auth.no_department": {
    status: 403,
    message: fixed(
      "此账号未绑定单位，请联系管理员。",
      "This sign-in belongs to no department; ask the operator.",
    ),
  },
  "auth.department_unregistered": {
    status: 403,
    message: (department) => ({
      zh: `账号所属单位 ${department} 未登记，请联系管理员。`,
      en: `The sign-in's department ${department} is not registered; ask the operator.`,
    }),
  },
  "auth.operator_only": {
    status: 403,
    message: (what) => ({
      zh: `只有管理员可以${what ? `指定 ${what}` : "这样做"}；单位由登录账号决定。`,
      en: `Only operators may ${what ? `name ${what}` : "do this"}; the department comes from the sign-in.`,
    }),
  },
  "upload.other_department": {
    status: 403,
    message: fixed("这不是本单位的上传。", "This upload is not your department's."),
  },
  "upload.not_found": {
    status: 404,
    message: fixed("没有这次上传。", "There is no such upload."),
  },
  "upload.no_annotated_copy": {
    status: 404,
    message: fixed(
      "这次上传没有批注版：只有未通过校验的工作簿才有（文档、无法读取的文件没有）。",
      "This upload has no annotated copy: only a rejected workbook has one (not a document or an unreadable file).",
    ),
  },
  "route.not_found": {
    status: 404,
    message: (path) => ({ zh: `没有这个接口：${path}`, en: `No such endpoint: ${path}` }),
  },
  "route.method_not_allowed": {
    status: 405,
    message: (method) => ({
      zh: `此接口不接受 ${method} 请求。`,
      en: `This endpoint does not take ${method}.`,
    }),
  },
  "request.not_json": {
    status: 400,
    message: fixed("请求体应为 JSON 对象。", "The request body must be a JSON object."),
  },
  "request.body_too_large": {
    status: 413,
    message: fixed("请求体过大。", "The request body is too large."),
  },
  "request.unknown_field": {
    status: 400,
    message: (fields) => ({ zh: `不认识的字段：${fields}`, en: `Unknown field(s): ${fields}` }),
  },
  "request.missing_field": {
    status: 400,
    message: (field) => ({ zh: `缺少字段 ${field}。`, en: `The field ${field} is missing.` }),
  },
  "request.invalid_year": {
    status: 400,
    message: (detail) => ({
      zh: `年份不对：${detail}（应为有报表格式的年份，2019 年起，且不晚于今年）。`,
      en: `Wrong year: ${detail} (a year some report format covers, from 2019, not after this year).`,
    }),
  },
  "request.invalid_file_name": {
    status: 400,
    message: (problem) => {
      const why = Object.hasOwn(FILE_NAME_PROBLEMS, problem)
        ? FILE_NAME_PROBLEMS[problem as FileNameProblem]
        : FILE_NAME_PROBLEMS.unusable;
      return { zh: `文件名不可用：${why.zh}。`, en: `The file name cannot be used: ${why.en}.` };
    },
  },
  "request.invalid_size": {
    status: 400,
    message: fixed(
      "size 应为文件的字节数（大于 0 的整数）。",
      "size must be the file's size in bytes (a whole number above 0).",
    ),
  },
  "request.invalid_department": {
    status: 400,
    message: fixed(
      "department 应为单位编号（小写字母、数字和连字符）。",
      "department must be a department id (lowercase letters, digits and hyphens).",
    ),
  },
  "request.invalid_rule": {
    status: 400,
    message: fixed(
      "rule 应为提醒的规则代码（如 cross_year.carried_over）。",
      "rule must be the warning's rule code (cross_year.carried_over, say).",
    ),
  },
  "request.invalid_cell": {
    status: 400,
    message: fixed(
      "cell 应为提醒所在的单元格（如 F8）或单元格代码，整份报告的提醒为 null。",
      "cell must be the warning's cell (F8, say) or cell code, or null for a warning of the whole report.",
    ),
  },
  "request.invalid_order": {
    status: 400,
    message: fixed(
      "order 应为所说明的报告版本（GET /api/v1/explanations 给出的 order）。",
      "order must be the version of the report explained (the order GET /api/v1/explanations gives).",
    ),
  },
  "explanation.too_long": {
    status: 400,
    message: (limit) => ({
      zh: `说明过长：最多 ${limit} 个字符。`,
      en: `The explanation is too long: at most ${limit} characters.`,
    }),
  },
  "report.not_published": {
    status: 404,
    message: (year) => ({
      zh: `本单位 ${year} 年度的报告尚未发布，没有可说明的提醒。`,
      en: `Your department's ${year} report is not published: there is no warning to explain.`,
    }),
  },
  "report.no_such_warning": {
    status: 404,
    message: (warnings) => ({
      zh: `已发布的报告没有这条提醒；报告的提醒为：${warnings}`,
      en: `The published report has no such warning; its warnings are: ${warnings}`,
    }),
  },
  "report.changed": {
    status: 409,
    message: fixed(
      "说明期间报告已被新上传的版本替换，请查看新版本的提醒后再说明。",
      "The report was replaced by a newer upload meanwhile; look at the new version's warnings and explain again.",
    ),
  },
  "upload.too_large": {
    status: 413,
    message: (limit) => ({
      zh: `文件过大：上传上限为 ${limit} 字节。`,
      en: `The file is too large: uploads are limited to ${limit} bytes.`,
    }),
  },
  "internal.error": {
    status: 500,
    message: fixed("服务出错，请稍后再试。", "Something failed on our side; try again later."),
  },
} as const satisfies Record<string, ApiErrorEntry>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** An API error as data: its code, status and the detail its message names. */
export interface ApiError {
  code: ApiErrorCode;
  detail?: string;
}

/** The JSON body of an error response. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: ApiErrorText };
}

export function apiErrorStatus(code: ApiErrorCode): number {
  return API_ERRORS[code].status;
}

export function apiErrorBody({ code, detail }: ApiError): ApiErrorBody {
  const entry: ApiErrorEntry = API_ERRORS[code];
  return { error: { code, message: entry.message(detail ?? "") } };
}
