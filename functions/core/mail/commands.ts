import { shellWord } from "./text";

/**
 * The `gongkai` commands the operator email tells the operator to run, in one place so they follow the
 * CLI. Ids and keys come from an upload's path: they are shell-quoted, never pasted raw.
 */
export const operatorCommands = {
  addDepartment: (departmentId: string, placeholders: { name: string; email: string }): string =>
    `gongkai department add ${shellWord(departmentId)} --name ${placeholders.name} --email ${placeholders.email}`,
  reprocess: (key: string): string => `gongkai reprocess ${shellWord(key)}`,
};
