import type { RepositoryInfo } from '../../shared/model';
import { declaredName, findFunctions, findFunctionsByLines, headingName, type FunctionSpan } from '../analysis/functionsChanged';
import { diffDriverOf, funcnameRuleOf } from './diffDriver';

/**
 * How the functions of a file are found for the Functions tab and the reports: by git's function lines where the
 * file's `diff=` driver is one other than C's (`*.py diff=python`, `*.go diff=golang`: any of git's builtin ones,
 * or a driver's own xfuncname), else by the C rule (kernel-style bodies, the export after them included), as for
 * the kernel's `diff=cpp`. A document's sections (Markdown's, TeX's, …) are named by their headings.
 */
export async function functionFinderOf(info: RepositoryInfo, filePath: string): Promise<(text: string) => FunctionSpan[]> {
  const driver = diffDriverOf(info, filePath);
  if (!driver || driver === 'cpp') return findFunctions;
  const rule = await funcnameRuleOf(info, filePath, driver);
  if (!rule) return findFunctions;
  const isFunctionLine = (line: string) => {
    for (const p of rule.patterns) if (p.re.test(line)) return !p.negate;
    return false;
  };
  const nameOf = DOCUMENTS.has(driver) ? headingName : declaredName;
  return (text) => findFunctionsByLines(text, isFunctionLine, nameOf);
}

/** git's drivers for documents, whose "functions" are sections: named by their headings, not by a declared name. */
const DOCUMENTS = new Set(['markdown', 'tex', 'html', 'bibtex', 'css', 'fountain']);
