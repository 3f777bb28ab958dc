export { operatorCommands } from "./commands";
export { composeMail } from "./compose";
export { compareCells, groupFindings, MAX_LISTED_FINDINGS } from "./findings";
export type {
  AnnotatedCopy,
  Mail,
  MailDepartment,
  MailInput,
  MailUpload,
  MissingReport,
  SeasonMailInput,
} from "./types";
