import type { Letter } from "./blocks";
import { both, greeting, type Input } from "./parts";
import { beijingTime, clean, LIMITS } from "./text";

/**
 * Uploads put where no year (or no department) can be read from their place: `uploads/d1/2019年/…`,
 * `uploads/d1/2999/…`. A registered department is told where the file belongs; when the folder names
 * no registered department, the operator is told that, and nothing about registering it blindly.
 */

/** To the department whose folder the file was put in, outside any year's folder. */
export function misplacedLetter(input: Input<"misplaced">): Letter {
  const name = clean(input.department.name, LIMITS.name);
  const id = clean(input.department.id, LIMITS.name);
  const key = clean(input.upload.key, LIMITS.key);
  const file = clean(input.upload.fileName, LIMITS.fileName);
  const time = {
    zh: beijingTime(input.upload.uploadedAt, "zh"),
    en: beijingTime(input.upload.uploadedAt, "en"),
  };
  const year = input.suggestedYear;
  const example = `uploads/${id}/${year ?? 2024}/${file || "报告.xlsx"}`;
  return {
    subject: {
      zh: `【上传位置不对】${name}：文件未校验，请放到年度文件夹`,
      en: `[Wrong place] ${name}: the file was not checked; put it in a year's folder`,
    },
    body: both((lang) => [
      greeting({ name }, lang),
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `贵单位于 ${time.zh} 上传的文件“${file}”放在了 ${key}，从这个位置看不出是哪一年度的报告，因此没有校验，也没有发布。文件已保存。`
            : `The file "${file}" you uploaded on ${time.en} was put at ${key}, which does not say which year's report it is, so it was neither checked nor published. The file is kept.`,
      },
      { type: "heading", text: lang === "zh" ? "怎么办" : "What to do" },
      {
        type: "steps",
        items: [
          {
            text:
              lang === "zh"
                ? `把文件重新上传到 uploads/${id}/<年份>/ 下，年份只写四位数字（如 2024，不要写“2024年”），例如：`
                : `Upload the file again under uploads/${id}/<year>/, the year as four digits only (2024, not "2024年"), for example:`,
            code: example,
          },
          {
            text:
              lang === "zh"
                ? "系统会自动校验，并发邮件告知结果。"
                : "It is checked and you get an email with the result.",
          },
        ],
      },
    ]),
  };
}

/** To the operator: a file outside `uploads/{department}/{year}/` whose folder names no registered department. */
export function unroutableLetter(input: Input<"unroutable">): Letter {
  const key = clean(input.upload.key, LIMITS.key);
  const claimed = clean(input.claimedDepartment, LIMITS.name);
  return {
    subject: {
      zh: `【上传位置不对】已拒收上传：${key}`,
      en: `[Wrong place] upload not processed: ${key}`,
    },
    body: both((lang) => [
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `收到一份上传，位置不符合 uploads/单位编号/年份/文件名 的格式，${claimed ? `其中的“${claimed}”不是已登记的单位编号` : "路径中没有单位编号"}。该文件没有校验、没有发布，也没有通知任何单位；文件已按内容（SHA-256）保存。`
            : `An upload arrived outside the layout uploads/{department}/{year}/{file}; ${claimed ? `"${claimed}" in its path is no registered department id` : "its path names no department"}. It was not checked, not published, and no department was told; the file is kept by its content (SHA-256).`,
      },
      {
        type: "facts",
        rows: [
          [lang === "zh" ? "上传路径" : "Key", key],
          [lang === "zh" ? "文件名" : "File name", clean(input.upload.fileName, LIMITS.fileName)],
          [lang === "zh" ? "上传时间" : "Uploaded", beijingTime(input.upload.uploadedAt, lang)],
          ["SHA-256", clean(input.upload.sha256, 64)],
        ],
      },
      { type: "heading", text: lang === "zh" ? "处理方法" : "What to do" },
      {
        type: "steps",
        items: [
          {
            text:
              lang === "zh"
                ? "找到上传方，请它把文件上传到 uploads/<单位编号>/<四位年份>/ 下；重新处理这份上传不会改变它的位置。"
                : "Find who uploaded it and ask them to upload the file to uploads/<department id>/<four-digit year>/; processing this upload again does not change its place.",
          },
        ],
      },
    ]),
  };
}
