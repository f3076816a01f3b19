/**
 * Component tests run the H5 build of the app in jsdom: Taro's components and APIs map to their web
 * implementations, and `*.h5.ts` files win over the shared ones, as in `taro build --type h5`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  moduleFileExtensions: ['h5.ts', 'h5.tsx', 'ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@tarojs/components$': '<rootDir>/test/taro-components.ts',
    '^@tarojs/taro$': '<rootDir>/test/taro-h5.ts',
    '\\.(css|scss)$': '<rootDir>/test/style-stub.js',
  },
  setupFiles: ['<rootDir>/test/taro-globals.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-dom.ts'],
  transform: {
    '^.+\\.(t|j|mj|cj)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Taro, NutUI and @hcp/contracts ship ES modules: transform node_modules except the big CommonJS packages.
  transformIgnorePatterns: ['/node_modules/(react|react-dom|scheduler|jsdom|@testing-library)/'],
};
