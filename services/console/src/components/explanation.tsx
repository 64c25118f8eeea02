import type { EngineResult } from '@benefits/benefits';

/**
 * The determination as an explanation: each step with its formula (operation), the parameters and
 * facts it used, its result, and the clause — the standard's name, item and quoted words.
 * Shared by the case page and the what-if calculator. (Placeholder: the standards area fills it in.)
 */
export function Explanation({ result }: { result: EngineResult }) {
  return <pre>{JSON.stringify(result.trace.map((s) => s.titleZh))}</pre>;
}
