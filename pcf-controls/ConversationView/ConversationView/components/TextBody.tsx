/** A message text with its web links clickable; the text is never interpreted as HTML. */
import { Link } from '@fluentui/react';
import * as React from 'react';
import { textParts } from '../conversation/text-parts';

export function TextBody(props: { text: string }): React.ReactElement {
  return (
    <div className="wxm-cv-text">
      {textParts(props.text).map((part, i) =>
        part.kind === 'link' ? (
          <Link key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </Link>
        ) : (
          <React.Fragment key={i}>{part.text}</React.Fragment>
        ),
      )}
    </div>
  );
}
