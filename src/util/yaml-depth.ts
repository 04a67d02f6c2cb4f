// Lock files and configuration nest a handful of levels. The yaml package composes nested nodes recursively, and
// when a hostile file makes that recursion overflow the stack inside V8's regular-expression
// compiler, Node aborts the whole process ("RegExpCompiler Allocation failed") instead of throwing.
// Such files are refused before they reach the parser.
export const MAX_YAML_NESTING = 100;

/**
 * An upper bound of the nesting depth of a YAML text: indentation, compact sequences (`- - a`) and
 * flow brackets (carried across lines; brackets inside quoted strings count too, which lock files
 * do not have).
 */
export function yamlNestingBound(text: string): number {
  let max = 0;
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let compact = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      compact = 0;
      continue;
    }
    if (lineStart && c === 32) {
      indent++;
      continue;
    }
    if ((c === 45 || c === 63) && text.charCodeAt(i + 1) === 32 && (lineStart || compact > 0)) {
      // `- ` or `? ` opening a nested collection on the same line.
      compact++;
      lineStart = false;
      i++;
      while (text.charCodeAt(i + 1) === 32) i++;
      max = Math.max(max, indent + compact + flow);
      continue;
    }
    if (lineStart) compact = 0;
    lineStart = false;
    if (c === 91 || c === 123) {
      flow++;
      max = Math.max(max, indent + compact + flow);
    } else if ((c === 93 || c === 125) && flow > 0) {
      flow--;
    }
  }
  return Math.max(max, indent + compact + flow);
}
