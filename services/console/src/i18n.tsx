import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * Chinese first, English switchable. Texts are written where they are used, both languages side by
 * side (`t('案件', 'Cases')`): a page cannot show a key instead of a word, and a reviewer reads both.
 * The choice is kept for the browser session only.
 */
export type Lang = 'zh' | 'en';

interface LangContextValue {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The text in the current language. */
  t(zh: string, en: string): string;
}

const LANG_KEY = 'benefits.console.lang';
const LangContext = createContext<LangContextValue | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (sessionStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const setLang = useCallback((next: Lang) => {
    sessionStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLangState(next);
  }, []);
  const value = useMemo<LangContextValue>(() => ({ lang, setLang, t: (zh, en) => (lang === 'zh' ? zh : en) }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  const value = useContext(LangContext);
  if (!value) throw new Error('useLang outside LangProvider');
  return value;
}

/** Shorthand: `const t = useT(); t('案件', 'Cases')`. */
export function useT(): LangContextValue['t'] {
  return useLang().t;
}
