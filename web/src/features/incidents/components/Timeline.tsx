import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatDateTime } from '../../../shared/time/format';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { EmptyState, ErrorState, LoadingState } from '../../../shared/ui/States';
import { TlpBadge } from '../../advisories/components/Labels';
import {
  isAudience,
  timelineFilters,
  type Incident,
  type TimelineEntry,
  type TimelineFilter,
} from '../types';
import { useTimeline } from '../useIncidents';
import { TimelineEntryForm } from './TimelineEntryForm';

/** At most this many characters of a corrected entry are quoted in its correction. */
const QUOTE_LENGTH = 120;

function quote(text: string): string {
  return text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text;
}

interface EntryProps {
  entry: TimelineEntry;
  /** The entries on screen by id: what a correction corrects, when it is loaded. */
  byId: ReadonlyMap<number, TimelineEntry>;
  onCorrect: (entry: TimelineEntry) => void;
}

function Entry({ entry: e, byId, onCorrect }: EntryProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const corrected = e.corrected_by.length > 0;
  const original = e.corrects !== null ? byId.get(e.corrects) : undefined;
  return (
    <li
      id={`entry-${e.id}`}
      className={`timeline-entry timeline-${e.kind}${corrected ? ' timeline-corrected' : ''}`}
    >
      <p className="badge-row">
        <span className={`badge timeline-kind timeline-kind-${e.kind}`}>
          {t(`incidents.timeline.kind.${e.kind}`)}
        </span>
        <TlpBadge tlp={e.tlp} />
        {corrected && (
          <span className="badge badge-warning">{t('incidents.timeline.correctedBadge')}</span>
        )}
      </p>
      {e.corrects !== null && (
        <p className="timeline-corrects">
          <a href={`#entry-${e.corrects}`}>
            {original
              ? t('incidents.timeline.corrects', {
                  at: formatDateTime(original.happened_at, language),
                })
              : t('incidents.timeline.correctsHidden')}
          </a>
          {original && (
            <>
              {' '}
              <q className="incident-text">{quote(original.text)}</q>
            </>
          )}
        </p>
      )}
      {/* Plain text as written: React escapes it, line breaks are kept by CSS. */}
      <p className="incident-text timeline-text">{e.text}</p>
      {e.audience !== null && (
        <p className="timeline-audience">
          {t('incidents.timeline.audienceLabel', {
            audience: isAudience(e.audience)
              ? t(`incidents.timeline.audience.${e.audience}`)
              : e.audience,
          })}
        </p>
      )}
      {e.named.length > 0 && (
        <p className="timeline-named-list">
          {t('incidents.timeline.namedLabel', { names: e.named.map((p) => p.name).join(', ') })}
        </p>
      )}
      <p className="timeline-meta">
        {t('incidents.timeline.meta', {
          happened: formatDateTime(e.happened_at, language),
          written: formatDateTime(e.written_at, language),
          by: e.author.name,
        })}
      </p>
      <div className="timeline-actions">
        {e.corrected_by.map((c) => (
          <a key={c} href={`#entry-${c}`}>
            {t('incidents.timeline.seeCorrection')}
          </a>
        ))}
        <button type="button" className="button-secondary" onClick={() => onCorrect(e)}>
          {t('incidents.timeline.correct')}
        </button>
      </div>
    </li>
  );
}

/**
 * The incident's timeline: what was observed, decided, done and said, newest happened first, with
 * the decision log and the communication log as filters. Entries are never edited: "Correct" adds
 * an entry that points at the one it corrects. New entries of others arrive through the event
 * stream (incident.timeline), which refetches what this reader may see.
 */
export function Timeline({ incident }: { incident: Incident }): ReactNode {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<TimelineFilter>('all');
  // undefined: no form; null: a new entry; an entry: its correction.
  const [form, setForm] = useState<TimelineEntry | null | undefined>(undefined);
  const timeline = useTimeline(incident.id, filter);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const byId = new Map(entries.map((e) => [e.id, e]));

  const openForm = (entry: TimelineEntry | null): void => setForm(entry);

  return (
    <section className="panel timeline" aria-labelledby="timeline-heading">
      <div className="timeline-header">
        <h2 id="timeline-heading">{t('incidents.timeline.title')}</h2>
        {form === undefined && (
          <button type="button" onClick={() => openForm(null)}>
            {t('incidents.timeline.add')}
          </button>
        )}
      </div>
      {form !== undefined && (
        <TimelineEntryForm
          key={form?.id ?? 'new'}
          incidentId={incident.id}
          corrects={form ?? undefined}
          onDone={() => setForm(undefined)}
        />
      )}
      <div className="segmented" role="group" aria-label={t('incidents.timeline.filterLabel')}>
        {timelineFilters.map((f) => (
          <button
            key={f}
            type="button"
            className="button-secondary"
            aria-pressed={f === filter}
            onClick={() => setFilter(f)}
          >
            {t(`incidents.timeline.filter.${f}`)}
          </button>
        ))}
      </div>
      {timeline.isPending ? (
        <LoadingState />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState>{t(`incidents.timeline.empty.${filter}`)}</EmptyState>
      ) : (
        <>
          <ol className="timeline-entries">
            {entries.map((e) => (
              <Entry key={e.id} entry={e} byId={byId} onCorrect={openForm} />
            ))}
          </ol>
          <LoadMore query={timeline} label={t('incidents.more')} />
        </>
      )}
    </section>
  );
}
