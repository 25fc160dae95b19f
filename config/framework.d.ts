/** See framework.js. */
declare const framework: 'react' | 'preact';
export default framework;
