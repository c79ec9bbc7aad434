declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  const tokenizers: {
    WordTokenizer: new () => { tokenize(text: string): string[] | null };
  };
  export default tokenizers;
}
