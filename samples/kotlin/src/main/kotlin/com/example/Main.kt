package com.example

import org.neurite.nn.Input
import org.neurite.nn.Sequential
import org.neurite.nn.layers.Dense
import org.neurite.nn.training.FitConfig
import org.neurite.tensor.Tensor

fun main() {
    // Tensor operators: Kotlin maps + - * / and unary minus to plus, minus, times, div, unaryMinus,
    // t[i, j] to get(i, j) and t[i, j] = v to set(i, j, v).
    val a = Tensor.of(floatArrayOf(1f, 2f, 3f, 4f), 2, 2)
    val b = Tensor.of(floatArrayOf(0.5f, 0.5f, 0.5f, 0.5f), 2, 2)
    val c = a + b * 2f - a / 2f
    c[0, 1] = 10f
    println(c)
    println(-c)
    println("c[1, 0] = ${c[1, 0]}")
    check(c[0, 1] == 10f && c[1, 0] == 2.5f) { "unexpected values: $c" }

    // Autograd: d(x^3)/dx at 2 is 12.
    val x = Tensor.vector(2f).requiresGrad(true)
    (x * x * x).sum().backward()
    println("d(x^3)/dx at 2 = ${x.grad()}")

    // A small model: y = 1 when x0 + x1 > 0.
    val n = 256
    val xs = FloatArray(2 * n) { i -> ((i * 37) % 101) / 50f - 1f }
    val ys = FloatArray(n) { i -> if (xs[2 * i] + xs[2 * i + 1] > 0) 1f else 0f }
    val model = Sequential(Input.of(2), Dense(8, "relu"), Dense(1, "sigmoid"))
    model.seed(1)  // the same initial weights on every run
    model.compile("adam", "binary_crossentropy", "accuracy")
    model.printSummary()
    model.fit(Tensor.of(xs, n, 2), Tensor.of(ys, n, 1), FitConfig().epochs(100).batchSize(32).seed(1).verbose(0))
    val accuracy = model.evaluate(Tensor.of(xs, n, 2), Tensor.of(ys, n, 1))["accuracy"]!!
    println("kotlin sample: accuracy %.3f".format(accuracy))
    check(accuracy > 0.9f) { "the model did not learn: accuracy $accuracy" }
}
