import { findLanguage, type LanguageCode } from './languages';

/** Sets `<html lang dir>`, which drives the CSS (logical properties, fonts) and assistive technology. */
export function applyDocumentLanguage(code: LanguageCode, title: string): void {
  const root = document.documentElement;
  root.lang = code;
  root.dir = findLanguage(code).dir;
  document.title = title;
}
