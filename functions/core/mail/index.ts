export { operatorCommands } from "./commands";
export { composeMail } from "./compose";
export { compareCells, groupFindings, MAX_LISTED_FINDINGS } from "./findings";
export type {
  AnnotatedCopy,
  Mail,
  MailDepartment,
  MailInput,
  MailSettings,
  MailUpload,
  MissingReport,
  SeasonMailInput,
} from "./types";
