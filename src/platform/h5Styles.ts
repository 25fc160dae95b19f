/**
 * The styles only h5 needs live in src/styles/h5.css, loaded by h5Styles.h5.ts (Taro picks the `.h5` file on h5);
 * weapp loads nothing, keeping its main package small.
 */
export {};
