from autograder.stubs import stub_lines


def test_assignments_become_none():
    region = ["    A = sigmoid(w.T @ X + b)", "    cost = -np.sum(Y)", "    A += 1"]
    assert stub_lines(region, "    ") == ["    A = None", "    cost = None"]


def test_a_region_that_only_adds_keeps_its_operator():
    region = ["    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]", "    db[:, :, :, c] += dZ[i, h, w, c]", "    n -= 1"]
    assert stub_lines(region, "    ") == ["    dW[:, :, :, c] += None", "    db[:, :, :, c] += None", "    n -= None"]


def test_tuple_and_subscript_targets():
    assert stub_lines(["grads, cost = propagate(w, b, X, Y)"], "") == ["grads, cost = None"]
    assert stub_lines(['d["w"] = w'], "") == ['d["w"] = None']


def test_nested_blocks_and_comparisons_give_pass():
    region = ["        if A[0, i] > 0.5:", "            Y_prediction[0, i] = 1", "        else:",
              "            Y_prediction[0, i] = 0"]
    assert stub_lines(region, "        ") == ["        pass"]
    assert stub_lines(["x == 3"], "") == ["pass"]


def test_continuation_lines_are_not_targets():
    region = ["x = f(a,", "      b=2)", "y = 1"]
    assert stub_lines(region, "") == ["x = None", "y = None"]


def test_computed_keys_become_none_too():
    """As in the classic course: `parameters['W' + str(l)] = None`, so a blank stub fails with the None hint."""
    region = ['        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01',
              '        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))']
    assert stub_lines(region, "        ") == ['        parameters["W" + str(l)] = None', '        parameters["b" + str(l)] = None']
    assert stub_lines(['grads["dA" + str(L - 1)], grads["dW" + str(L)] = f(x)'], "") == [
        'grads["dA" + str(L - 1)], grads["dW" + str(L)] = None']
    assert stub_lines(["np.sum(x) == 3", "f(a=1)"], "") == ["pass"]
