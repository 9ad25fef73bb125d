export { stringifyExact } from '../../core/json/stringify-exact.ts';
