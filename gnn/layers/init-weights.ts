// Seeded weight initialisers, so a fixed seed gives the same model on every run and backend.
import * as tf from '@tensorflow/tfjs';

/** Glorot (Xavier) uniform kernel [fanIn, fanOut]: keeps activation variance steady across layers. */
export function glorotUniform(fanIn: number, fanOut: number, seed: number): tf.Variable {
  const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform([fanIn, fanOut], -limit, limit, 'float32', seed)));
}

/** A zero bias [units]. */
export function zerosBias(units: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([units])));
}
