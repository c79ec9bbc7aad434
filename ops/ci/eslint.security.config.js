// Security rules only, over shipped code (services and libs, not tests or tools).
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

export default tseslint.config({
  files: ['**/*.ts'],
  languageOptions: { parser: tseslint.parser },
  plugins: { security },
  rules: {
    ...security.configs.recommended.rules,
    // Bracket access on typed records is everywhere in TypeScript and not an injection vector here.
    'security/detect-object-injection': 'off',
  },
});
