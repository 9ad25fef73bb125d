import { useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.ts';
import { configDocument, configSaved } from '../lib/desk-schemas.ts';
import { useAsync } from '../lib/use-async.ts';
import { ErrorState, formatTime, Loading } from '../ui/states.tsx';

type Leaf = string | number | boolean | null;
type Json = Leaf | Json[] | { [k: string]: Json };

interface Field {
  readonly path: string[];
  readonly value: Leaf;
}

/** Every scalar leaf of the document with its path (arrays are shown read-only as JSON). */
function leaves(doc: Json, path: string[] = []): Field[] {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    return Object.entries(doc).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  if (Array.isArray(doc)) return [{ path, value: JSON.stringify(doc) }];
  return [{ path, value: doc }];
}

function setIn(doc: Json, path: readonly string[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const obj = (doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc : {}) as Record<
    string,
    Json
  >;
  return { ...obj, [head as string]: setIn(obj[head as string] ?? null, rest, value) };
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const label = (path: readonly string[]): string =>
  path.map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()).join(' › ');

/** Client-side check of one edited value against the type of its default; null when fine. */
function check(original: Leaf, text: string): string | null {
  if (typeof original === 'number') {
    return /^-?\d+$/.test(text.trim()) ? null : 'a whole number';
  }
  if (typeof original === 'string' && DECIMAL.test(original)) {
    return DECIMAL.test(text.trim()) ? null : 'a decimal like 0.25';
  }
  return null;
}

/**
 * The engine's configuration as a form generated from the stored document: numbers, decimals and switches
 * are checked here first, then by the server's schema (its field messages are shown as they come).
 */
export function DeskConfig() {
  const [state, reload] = useAsync((signal) => api.get('/v1/copytrade/config', configDocument, signal), []);
  // Kept here: the form is rebuilt from the saved version, the message must survive it.
  const [saved, setSaved] = useState<string | null>(null);
  if (state.status === 'error') return <ErrorState error={state.error} retry={reload} />;
  if (state.data === undefined) return <Loading label="Loading the configuration…" />;
  return (
    <>
      <ConfigForm
        key={state.data.version}
        doc={state.data}
        onSaved={(version) => {
          setSaved(`Saved version ${version}: the engine applies it on its next round.`);
          reload();
        }}
      />
      <p role="status" aria-live="polite" class="saved">
        {saved}
      </p>
    </>
  );
}

function ConfigForm({
  doc,
  onSaved,
}: {
  doc: { config: Record<string, unknown>; version: number; updatedAt: string | null };
  onSaved: (version: number) => void;
}) {
  const fields = leaves(doc.config as Json);
  const [edits, setEdits] = useState<Record<string, string | boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = (f: Field): string => f.path.join('.');
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const found: Record<string, string> = {};
    let next = doc.config as Json;
    for (const f of fields) {
      const edited = edits[key(f)];
      if (edited === undefined) continue;
      if (typeof edited === 'boolean') {
        next = setIn(next, f.path, edited);
        continue;
      }
      const problem = check(f.value, edited);
      if (problem !== null) {
        found[key(f)] = `${label(f.path)}: expected ${problem}`;
        continue;
      }
      const text = edited.trim();
      const value: Json =
        typeof f.value === 'number' ? Number(text) : f.value === null && text === '' ? null : text;
      next = setIn(next, f.path, value);
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus('Fix the highlighted fields.');
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      const saved = await api.put('/v1/copytrade/config', next, configSaved);
      onSaved(saved.version);
    } catch (err) {
      setStatus(err instanceof ApiError ? `${err.message} (${err.code})` : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const sections = new Map<string, Field[]>();
  for (const f of fields) {
    const s = f.path.length > 1 ? (f.path[0] as string) : 'general';
    sections.set(s, [...(sections.get(s) ?? []), f]);
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="config-status">
      <p class="muted">
        {doc.updatedAt === null
          ? 'Defaults (never changed).'
          : `Version ${doc.version}, changed ${formatTime(doc.updatedAt)}.`}
      </p>
      {[...sections].map(([section, list]) => (
        <fieldset key={section}>
          <legend>{label([section])}</legend>
          <div class="form-grid">
            {list.map((f) => {
              const id = `cfg-${key(f)}`;
              const edited = edits[key(f)];
              const error = errors[key(f)];
              if (typeof f.value === 'boolean') {
                return (
                  <label key={id} class="chip">
                    <input
                      id={id}
                      type="checkbox"
                      checked={typeof edited === 'boolean' ? edited : f.value}
                      onChange={(e) =>
                        setEdits({ ...edits, [key(f)]: (e.target as HTMLInputElement).checked })
                      }
                    />
                    {label(f.path.slice(1).length > 0 ? f.path.slice(1) : f.path)}
                  </label>
                );
              }
              return (
                <label key={id} for={id}>
                  {label(f.path.slice(1).length > 0 ? f.path.slice(1) : f.path)}
                  <input
                    id={id}
                    inputMode={
                      typeof f.value === 'number' || DECIMAL.test(String(f.value)) ? 'decimal' : 'text'
                    }
                    value={typeof edited === 'string' ? edited : f.value === null ? '' : String(f.value)}
                    onInput={(e) => setEdits({ ...edits, [key(f)]: (e.target as HTMLInputElement).value })}
                    aria-invalid={error !== undefined}
                    aria-describedby={error === undefined ? undefined : `${id}-error`}
                  />
                  {error === undefined ? null : (
                    <span id={`${id}-error`} class="field-error">
                      {error}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy || Object.keys(edits).length === 0}>
          {busy ? 'Saving…' : 'Save configuration'}
        </button>
        <p id="config-status" role="alert">
          {status}
        </p>
      </div>
    </form>
  );
}
