// natural ships types only for its index, which drags its .ts sources into the
// build; these describe just the two modules imported directly.
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  const tokenizers: {
    RegexpTokenizer: new (options: { pattern: RegExp; gaps?: boolean }) => { tokenize(text: string): string[] | null };
  };
  export default tokenizers;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  const stopwords: { words: string[] };
  export default stopwords;
}
