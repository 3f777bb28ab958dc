export { operatorCommands } from "./commands";
export { composeMail } from "./compose";
export { compareCells, groupFindings, MAX_LISTED_FINDINGS } from "./findings";
export type { Mail, MailDepartment, MailInput, MailUpload } from "./types";
