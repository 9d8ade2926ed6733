import { detectPii, redactSpans } from './scanners/pii/pii-scanner.ts';
import { detectSecrets, redactSecrets } from './scanners/secrets/index.ts';

/**
 * The guard's detectors as a text redactor, for stores outside the request path (trace content in
 * `redacted` mode): secrets first (`[REDACTED:github-pat]`), then personal data in what is left
 * (`[EMAIL_ADDRESS]`, `[PERSON]`). The traces module's own default masks only e-mail addresses and
 * long numbers, which let API keys and tokens through into stored traces.
 */
export function guardRedactor(text: string): string {
  if (text.length === 0) return text;
  const findings = detectSecrets(text);
  const withoutSecrets = findings.length > 0 ? redactSecrets(text, findings) : text;
  const spans = detectPii(withoutSecrets);
  return spans.length > 0 ? redactSpans(withoutSecrets, spans) : withoutSecrets;
}
