"""gc_utils (activations, parameter dictionaries <-> one vector) and gc_test_cases (the seeded problem of C2W1C)."""

import numpy as np
import planar_utils
import pytest
from gc_test_cases import gradient_check_n_test_case
from gc_utils import SHAPES, dictionary_to_vector, gradients_to_vector, relu, sigmoid, vector_to_dictionary

ORDER = ["W1", "b1", "W2", "b2", "W3", "b3"]


def _parameters(seed=0):
    rng = np.random.RandomState(seed)
    return {name: rng.randn(*shape) for name, shape in SHAPES.items()}


def test_activations_are_course_1s():
    assert sigmoid is planar_utils.sigmoid
    assert np.allclose(sigmoid(np.array([0.0, 2.0])), [0.5, 0.88079708])
    z = np.array([[-2.0, 0.0, 3.5]])
    assert np.array_equal(relu(z), [[0.0, 0.0, 3.5]]) and relu(z).shape == z.shape


def test_dictionary_to_vector_stacks_the_parameters_row_by_row_in_order():
    parameters = _parameters()
    theta, keys = dictionary_to_vector(parameters)
    assert theta.shape == (47, 1) and len(keys) == 47
    assert [keys.count(name) for name in ORDER] == [20, 5, 15, 3, 3, 1]
    assert keys == sorted(keys, key=ORDER.index)  # W1 first, b3 last, each parameter in one block
    assert np.array_equal(theta[:20, 0], parameters["W1"].ravel())  # row by row: W1[0, 0], W1[0, 1], ...
    assert theta[20, 0] == parameters["b1"][0, 0] and theta[46, 0] == parameters["b3"][0, 0]
    assert theta[25, 0] == parameters["W2"][0, 0] and theta[26, 0] == parameters["W2"][0, 1]


def test_extra_keys_are_ignored():
    parameters = _parameters()
    theta, _ = dictionary_to_vector({**parameters, "W4": np.ones((2, 2))})
    assert np.array_equal(theta, dictionary_to_vector(parameters)[0])


def test_vector_to_dictionary_undoes_dictionary_to_vector():
    parameters = _parameters(3)
    back = vector_to_dictionary(dictionary_to_vector(parameters)[0])
    assert sorted(back) == sorted(ORDER)
    for name in ORDER:
        assert back[name].shape == SHAPES[name] and np.array_equal(back[name], parameters[name]), name
    theta = np.arange(47.0).reshape(47, 1)
    assert np.array_equal(dictionary_to_vector(vector_to_dictionary(theta))[0], theta)
    assert np.array_equal(dictionary_to_vector(vector_to_dictionary(theta.ravel()))[0], theta)  # (47,) works too


def test_vector_to_dictionary_returns_new_arrays():
    theta = np.zeros((47, 1))
    parameters = vector_to_dictionary(theta)
    parameters["W1"][0, 0] = 5.0
    assert theta[0, 0] == 0.0


def test_vector_to_dictionary_names_a_wrong_size():
    with pytest.raises(ValueError, match="expects 47 numbers"):
        vector_to_dictionary(np.zeros((46, 1)))


def test_gradients_to_vector_lines_up_with_the_parameters():
    gradients = {"d" + name: value for name, value in _parameters(2).items()}
    gradients.update(dZ1=np.ones((5, 3)), dA2=np.ones((3, 3)))  # what backward_propagation_n also returns
    grad = gradients_to_vector(gradients)
    assert grad.shape == (47, 1)
    assert np.array_equal(grad, dictionary_to_vector({name[1:]: gradients[name] for name in gradients
                                                      if name[1:] in SHAPES})[0])


def test_gradient_check_n_test_case_draws_the_seeds_numbers():
    state = np.random.get_state()
    X, Y, parameters = gradient_check_n_test_case()
    assert np.array_equal(np.random.get_state()[1], state[1])  # the global random state is left alone
    np.random.seed(1)
    assert np.array_equal(X, np.random.randn(4, 3))
    for name in ORDER:
        assert np.array_equal(parameters[name], np.random.randn(*SHAPES[name])), name
    assert np.array_equal(Y, [1, 1, 0]) and Y.shape == (3,)
    np.random.set_state(state)
    X2, _, parameters2 = gradient_check_n_test_case()
    assert np.array_equal(X, X2) and all(np.array_equal(parameters[k], parameters2[k]) for k in ORDER)
