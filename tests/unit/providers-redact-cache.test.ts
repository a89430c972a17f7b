import { describe, expect, it } from 'vitest';
import { redactCredentialShapes, redactText, redactUrl } from '../../src/main/core/providers/redact.ts';

describe('redaction of repeated texts', () => {
  it('redacts the same text again with a different secret', () => {
    const text = 'token alpha-1234 and beta-5678';

    expect(redactText(text, ['alpha-1234'])).toBe('token [REDACTED] and beta-5678');
    expect(redactText(text, ['beta-5678'])).toBe('token alpha-1234 and [REDACTED]');
    expect(redactText(text, [])).toBe(text);
  });

  it('tells apart secret lists that join to the same text', () => {
    expect(redactText('ab|c', ['ab'])).toBe('[REDACTED]|c');
    expect(redactText('c', ['ab|'])).toBe('c');
    expect(redactText('ab', ['a', 'b'])).toBe('[REDACTED][REDACTED]');
    expect(redactText('ab', ['ab'])).toBe('[REDACTED]');
  });

  it('applies each provider its own secret query parameters for the same URL', () => {
    const url = 'https://api.example.test/v1/items?signature=s1&page=2';

    expect(redactUrl(url, { secretQueryParams: ['signature'] })).toBe(
      'https://api.example.test/v1/items?signature=[REDACTED]&page=2',
    );
    expect(redactUrl(url, { secretQueryParams: [] })).toBe(url);
  });

  it('keeps redacting the same URL once a secret joins the list', () => {
    const url = 'https://api.example.test/v1/keys/k-9f8e7d6c';
    const definition = { secretQueryParams: [] };

    expect(redactUrl(url, definition)).toBe(url);
    expect(redactUrl(url, definition, ['k-9f8e7d6c'])).toBe('https://api.example.test/v1/keys/[REDACTED]');
  });

  it('redacts credential shapes in a text seen before', () => {
    const text = 'Bearer sk-abcdefghijklmnopqrstuvwx was rejected';

    expect(redactCredentialShapes(text)).toBe(redactCredentialShapes(text));
    expect(redactCredentialShapes(text)).not.toContain('sk-abcdefghijklmnopqrstuvwx');
  });
});
