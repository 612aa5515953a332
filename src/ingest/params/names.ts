import { NUMBER_PATTERN, textValue, type Param } from './values.ts';

/** What a params row says when it was read from a trial's name rather than from a file. */
export const TRIAL_NAME_SOURCE = 'trial name';

/** Tokens of a trial name: separated by , ; | / whitespace, or two or more underscores. */
const SEPARATORS = /(?:[,;|/\s]|_{2,})+/u;
/** A key part starts with a letter (any script); parts join with _ or - (weight_decay, top-k). */
const KEY_PART = String.raw`\p{L}[\p{L}\p{N}.]*`;
const KEY = `${KEY_PART}(?:[_-]${KEY_PART})*`;
/** key_number / key-number pairs, one after another in a token (lr_0.01_bs_64), each starting at a part boundary. */
const PAIRS = new RegExp(String.raw`(?<![\p{L}\p{N}.])(${KEY})[_-](${NUMBER_PATTERN})(?=$|[_-]\p{L})`, 'gu');
/** The key before '=': the longest key at the end of what precedes it (bs_64_lr=… gives bs_64 and lr). */
const KEY_BEFORE_EQUALS = new RegExp(`^(?:(.*?)[_-])??(${KEY})$`, 'u');
/** A value that starts with a number ends where _ or - and a letter follow (lr=0.01_bs_64). */
const NUMBER_THEN_MORE = new RegExp(`^(${NUMBER_PATTERN})[_-](?=\\p{L})(.*)$`, 'u');
/** Any other value ends where the next key= starts (opt=adam_lr=0.1). */
const VALUE_THEN_KEY = new RegExp(`^(.*?)[_-](?=${KEY}=)(.*)$`, 'u');

/**
 * Hyperparameters a trial's name spells: key=value tokens (any value) and key_number or
 * key-number tokens (bs_64, lr_0.01, drop-0.5). Words without a number (mlp_baseline,
 * sgd_momentum, resnet18) give nothing. The values are texts as written.
 */
export function paramsFromTrialName(name: string): Param[] {
  return name
    .split(SEPARATORS)
    .filter((token) => token !== '')
    .flatMap(paramsFromToken)
    .map(({ key, value }) => ({ key, ...textValue(value) }));
}

function paramsFromToken(token: string): { key: string; value: string }[] {
  const equals = token.indexOf('=');
  if (equals < 0) return numberPairs(token);
  const match = KEY_BEFORE_EQUALS.exec(token.slice(0, equals));
  if (!match) return [];
  const [, before, key] = match;
  const leading = before ? numberPairs(before) : [];
  const rest = token.slice(equals + 1);
  const split = NUMBER_THEN_MORE.exec(rest) ?? VALUE_THEN_KEY.exec(rest);
  const [value, more] = split ? [split[1], split[2]] : [rest, ''];
  return [...leading, ...(value === '' ? [] : [{ key, value }]), ...(more ? paramsFromToken(more) : [])];
}

function numberPairs(text: string): { key: string; value: string }[] {
  return [...text.matchAll(PAIRS)].map(([, key, value]) => ({ key, value }));
}
