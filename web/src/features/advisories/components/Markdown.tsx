import type { ReactNode } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';

const SAFE_SCHEMES = /^(https?:|mailto:|tel:|#|\/)/i;

/**
 * Keeps web, mail and phone links and relative ones; everything else (javascript:, data:,
 * vbscript:) becomes an empty link target.
 */
export function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url.trim());
  return SAFE_SCHEMES.test(cleaned) ? cleaned : '';
}

/**
 * Renders the Markdown of an advisory. Raw HTML in the text is not rendered as HTML (no
 * rehype-raw): it is dropped, so a body with <script> or <img onerror> stays inert.
 */
export function Markdown({ text }: { text: string }): ReactNode {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml urlTransform={safeUrl}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
