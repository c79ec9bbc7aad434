// The seed's tokenizer: natural's WordTokenizer, loaded without natural's index (its dotenv banner).
import tokenizers from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

export const { WordTokenizer } = tokenizers;
