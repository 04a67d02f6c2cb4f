import type { Rule } from '../rules/types.js';

export type OutputFormat = 'table' | 'json' | 'sarif' | 'junit';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif', 'junit'];

/** What a writer may need besides the report itself. */
export interface RenderContext {
  /** Rule metadata for SARIF `tool.driver.rules` and help texts. */
  rules: readonly Rule[];
  /** ANSI colours (table only): on a TTY unless --no-color or NO_COLOR. */
  color: boolean;
  /** Base URL of the rule docs, for help links. */
  docsBaseUrl: string;
}

export const DOCS_BASE_URL = 'https://github.com/bulkhead-sec/bulkhead/blob/main/docs/rules';
