// The cartesian partial bundle ships no types; it has the API of the full bundle, whose types we use.
declare module 'plotly.js-cartesian-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
