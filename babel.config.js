// Taro's preset builds the app; under NODE_ENV=test it emits CommonJS, so jest shares it.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
